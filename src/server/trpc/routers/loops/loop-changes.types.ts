import { z } from "zod";
import { isoInstant } from "~/domain/events";
import type { LoopChangeItem } from "../../../loop-history/loop-changes";
import { timeBasis } from "./time-basis.types";

export const loopChangesInput = z.object({
  /** Changes strictly after this moment… */
  from: isoInstant,
  /** …up to and including this one (default: now; not after now, and after from: BAD_REQUEST naming the field). */
  to: isoInstant.optional(),
  basis: timeBasis.default("occurred"),
  cursor: z.string().max(200).nullish(),
  limit: z.number().int().min(1).max(200).default(50),
});

export type LoopChangesOutput = { items: LoopChangeItem[]; nextCursor: string | null };
