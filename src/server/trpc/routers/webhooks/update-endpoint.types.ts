import { z } from "zod";
import { uuid } from "~/domain/events";
import type { WebhookEndpointItem } from "../../../webhooks/endpoint-item";
import { description, endpointUrl, eventTypes, loopChanges } from "./endpoint-fields.types";

/** The fields given are changed; the others stay. */
export const updateEndpointInput = z.object({
  id: uuid,
  url: endpointUrl.optional(),
  description: description.optional(),
  event_types: eventTypes.optional(),
  loop_changes: loopChanges.optional(),
  enabled: z.boolean().optional(),
});

export type UpdateEndpointOutput = WebhookEndpointItem;
