import { envDeliveryConfig } from "../../../webhooks/delivery-config";
import { redeliver } from "../../../webhooks/redeliver";
import { sessionProcedure } from "../../init";
import { type RedeliverOutput, redeliverInput } from "./redeliver.types";

/** Sends a logged message again (same webhook-id), tried at once; NOT_FOUND outside the org. */
export const redeliverRoute = sessionProcedure
  .input(redeliverInput)
  .mutation(({ ctx, input }): Promise<RedeliverOutput> => redeliver(ctx.db, ctx.caller.orgId, input.id, input.deliveryId, envDeliveryConfig(), ctx.clock));
