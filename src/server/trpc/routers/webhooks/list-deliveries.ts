import { listAttempts } from "../../../webhooks/list-attempts";
import { sessionProcedure } from "../../init";
import { type ListDeliveriesOutput, listDeliveriesInput } from "./list-deliveries.types";

/** An endpoint's delivery log (recent attempts), newest first; NOT_FOUND outside the org. */
export const listDeliveriesRoute = sessionProcedure
  .input(listDeliveriesInput)
  .query(({ ctx, input }): Promise<ListDeliveriesOutput> => listAttempts(ctx.db, ctx.caller.orgId, input.id, input));
