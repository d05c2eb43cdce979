import { z } from "zod";
import { LOOP_STATUSES, LOOP_TYPES, SEVERITIES, SNOOZED_MODES } from "~/domain/loops";
import type { LoopRow } from "../../../loops/list-loops";

export const listLoopsInput = z.object({
  status: z.enum(LOOP_STATUSES).default("active"),
  type: z.enum(LOOP_TYPES).optional(),
  severity: z.enum(SEVERITIES).optional(),
  /** Snoozed loops (judged at the server's now): left out, included, or alone. */
  snoozed: z.enum(SNOOZED_MODES).default("exclude"),
  cursor: z.string().max(200).nullish(),
  limit: z.number().int().min(1).max(200).default(50),
});

export type ListLoopsOutput = { items: LoopRow[]; nextCursor: string | null };
