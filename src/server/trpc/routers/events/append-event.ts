import { appenderOf } from "../../../auth/acting-as";
import { recordEvents } from "../../../events/record-events";
import { appendProcedure } from "../../init";
import { type AppendReceipt, appendInput } from "./append-event.types";

/** One event; idempotent on its id, optionally guarded by expectedVersion. */
export const appendEventRoute = appendProcedure.input(appendInput).mutation(async ({ ctx, input }): Promise<AppendReceipt> => {
  const [r] = await recordEvents(ctx.db, appenderOf(ctx.caller), [input]);
  return { event: r!.event, position: r!.event.position, duplicate: r!.duplicate };
});
