import { router } from "../../init";
import { appendBatchRoute } from "./append-batch";
import { appendEventRoute } from "./append-event";
import { listEventsRoute } from "./list-events";

/** One file per procedure (its input schema and output type beside it in *.types.ts); logic in src/server/events. */
export const eventsRouter = router({
  list: listEventsRoute,
  append: appendEventRoute,
  appendBatch: appendBatchRoute,
});
