import { z } from "zod";

/** The org-wide time machine's bases (docs/time-machine.md): business time or record time. */
export const timeBasis = z.enum(["occurred", "recorded"]);
