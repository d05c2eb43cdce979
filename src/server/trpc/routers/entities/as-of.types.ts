import { z } from "zod";
import { entityType, isoInstant, uuid } from "~/domain/events";
import type { entityAsOf } from "../../../entities/as-of";

export const asOfInput = z.object({
  type: entityType,
  id: uuid,
  asOf: isoInstant,
  basis: z.enum(["occurred", "recorded"]).default("occurred"),
  /** "provenance": only the events that opened or closed a loop — scrubbing a long history stays light. */
  events: z.enum(["all", "provenance"]).default("all"),
});

export type AsOfOutput = Awaited<ReturnType<typeof entityAsOf>>;
