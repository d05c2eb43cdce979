import { z } from "zod";
import { entityType } from "~/domain/events";
import type { EntityItem } from "../../../entities/entity-items";

export const listEntitiesInput = z.object({
  type: entityType.optional(),
  cursor: z.string().max(40).nullish(),
  limit: z.number().int().min(1).max(100).default(30),
});

/** Newest activity first; nextCursor null on the last page. */
export type ListEntitiesOutput = { items: EntityItem[]; nextCursor: string | null };
