import { z } from "zod";
import { entityType, uuid } from "~/domain/events";
import type { Page } from "../../../events/read";
import type { StoredEvent } from "../../../events/stored-event";

export const timelineInput = z.object({
  type: entityType,
  id: uuid,
  /** An entity_version (int4 in the database): out-of-range values are bad input, not a 500. */
  cursor: z.number().int().min(1).max(2_147_483_647).nullish(),
  limit: z.number().int().min(1).max(500).default(50),
});

export type TimelineOutput = Page<StoredEvent>;
