import { z } from "zod";
import { isoInstant } from "~/domain/events";
import type { summarizeLoops } from "../../../loops/list-loops";
import { timeBasis } from "./time-basis.types";

/** No input: the live counts; asOf (a past moment) and basis: the counts of that moment. */
export const loopSummaryInput = z.object({ asOf: isoInstant.optional(), basis: timeBasis.optional() }).optional();

export type LoopSummaryOutput = Awaited<ReturnType<typeof summarizeLoops>>;
