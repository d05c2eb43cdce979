import { z } from "zod";
import type { WebhookEndpointItem } from "../../../webhooks/endpoint-item";
import { description, endpointUrl, eventTypes, loopChanges } from "./endpoint-fields.types";

export const createEndpointInput = z.object({
  url: endpointUrl,
  description: description.default(""),
  event_types: eventTypes.default(null),
  loop_changes: loopChanges.default([]),
  enabled: z.boolean().default(true),
});

/** `secret` (whsec_…) is in this answer only: it is stored encrypted and never shown again. */
export type CreateEndpointOutput = { endpoint: WebhookEndpointItem; secret: string };
