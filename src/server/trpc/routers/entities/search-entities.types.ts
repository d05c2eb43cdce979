import { z } from "zod";
import { entityType, storableText } from "~/domain/events";
import type { SearchItem } from "../../../entities/search-entities";

export const searchEntitiesInput = z.object({
  /** A name, an invoice number or an email, or a part of one (case-insensitive). */
  q: storableText.trim().min(1, "must not be empty").max(200),
  type: entityType.optional(),
  limit: z.number().int().min(1).max(50).default(20),
});

/** Best matches first; `matched` says which field matched. */
export type SearchEntitiesOutput = { items: SearchItem[] };
