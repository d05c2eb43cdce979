import { z } from "zod";
import { isoInstant } from "~/domain/events";
import { LOOP_STATUSES, LOOP_TYPES, SEVERITIES, SNOOZED_MODES } from "~/domain/loops";
import type { LoopRow } from "../../../loops/list-loops";
import { timeBasis } from "./time-basis.types";

export const listLoopsInput = z.object({
  status: z.enum(LOOP_STATUSES).default("active"),
  type: z.enum(LOOP_TYPES).optional(),
  severity: z.enum(SEVERITIES).optional(),
  /** Snoozed loops (judged at the server's now, or at asOf): left out, included, or alone. */
  snoozed: z.enum(SNOOZED_MODES).default("exclude"),
  cursor: z.string().max(200).nullish(),
  limit: z.number().int().min(1).max(200).default(50),
  /** The org as of this past moment (not after the server's now: BAD_REQUEST naming asOf); absent: the live list. */
  asOf: isoInstant.optional(),
  /** With asOf: 'occurred' (the world as now known, the default) or 'recorded' (what the system showed then). */
  basis: timeBasis.optional(),
});

export type ListLoopsOutput = { items: LoopRow[]; nextCursor: string | null };
