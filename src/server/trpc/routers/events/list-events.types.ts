import { z } from "zod";
import type { Page } from "../../../events/read";
import type { StoredEvent } from "../../../events/stored-event";

export const listEventsInput = z.object({
  cursor: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).nullish(),
  limit: z.number().int().min(1).max(200).default(50),
});

export type ListEventsOutput = Page<StoredEvent>;
