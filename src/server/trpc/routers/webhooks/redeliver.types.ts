import { z } from "zod";
import type { Resent } from "../../../webhooks/redeliver";

export const redeliverInput = z.object({
  id: z.uuid(),
  /** A delivery_id from the endpoint's log. */
  deliveryId: z.string().regex(/^[1-9][0-9]{0,17}$/, "must be a delivery_id from the endpoint's log"),
});

/** The new message, and how its first attempt went (null: it waits behind an earlier message of its entity). */
export type RedeliverOutput = Resent;
