import { z } from "zod";
import { uuid } from "~/domain/events";
import { MAX_OVERLAP_HOURS } from "../../../webhooks/rotate-secret";

export const rotateSecretInput = z.object({
  id: uuid,
  /** How long the previous secret keeps signing too (both signatures are sent); 0 ends it at once. */
  overlapHours: z.number().min(0).max(MAX_OVERLAP_HOURS).default(24),
});

/** The new secret, shown once, and until when the previous one signs too (null: no overlap). */
export type RotateSecretOutput = { secret: string; previous_secret_expires_at: string | null };
