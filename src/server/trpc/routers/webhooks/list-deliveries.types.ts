import { z } from "zod";
import { uuid } from "~/domain/events";
import type { AttemptPage } from "../../../webhooks/list-attempts";

export const listDeliveriesInput = z.object({
  id: uuid,
  /** An attempt id from the previous page's nextCursor. */
  cursor: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).nullish(),
  limit: z.number().int().min(1).max(200).default(50),
});

export type ListDeliveriesOutput = AttemptPage;
