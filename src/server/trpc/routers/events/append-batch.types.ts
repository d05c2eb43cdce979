import { z } from "zod";
import { type AppendReceipt, appendInput } from "./append-event.types";

export const appendBatchInput = z.object({
  events: z.array(appendInput).min(1, "must hold at least one event").max(1000, "must hold at most 1,000 events"),
});

export type AppendBatchOutput = { items: AppendReceipt[]; appended: number; duplicates: number };
