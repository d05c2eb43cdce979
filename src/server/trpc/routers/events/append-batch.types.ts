import { z } from "zod";
import { parsedSynchronously } from "../../parsed-synchronously";
import { type AppendReceipt, appendInput } from "./append-event.types";

/** Events per appendBatch: a batch is one transaction, and one answer the client waits for. */
export const MAX_BATCH_EVENTS = 1000;

export const appendBatchInput = parsedSynchronously(
  z.object({
    // The count is checked before any event is parsed: 100,000 bad events cost one issue, not 100,000.
    events: z
      .array(z.unknown())
      .min(1, "must hold at least one event")
      .max(MAX_BATCH_EVENTS, `must hold at most ${MAX_BATCH_EVENTS.toLocaleString("en-US")} events (the limit); send the rest in another batch`)
      .pipe(z.array(appendInput)),
  }),
);

export type AppendBatchOutput = { items: AppendReceipt[]; appended: number; duplicates: number };
