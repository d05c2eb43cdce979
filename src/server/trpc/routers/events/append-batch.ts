import { appenderOf } from "../../../auth/acting-as";
import { recordEvents } from "../../../events/record-events";
import { appendProcedure } from "../../init";
import { type AppendBatchOutput, appendBatchInput } from "./append-batch.types";

/** Up to 1,000 events, atomically: all land or none. */
export const appendBatchRoute = appendProcedure.input(appendBatchInput).mutation(async ({ ctx, input }): Promise<AppendBatchOutput> => {
  const results = await recordEvents(ctx.db, appenderOf(ctx.caller), input.events, ["events"]);
  return {
    items: results.map((r) => ({ event: r.event, position: r.event.position, duplicate: r.duplicate })),
    appended: results.filter((r) => !r.duplicate).length,
    duplicates: results.filter((r) => r.duplicate).length,
  };
});
