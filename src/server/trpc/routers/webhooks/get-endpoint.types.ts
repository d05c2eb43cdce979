import { z } from "zod";
import { uuid } from "~/domain/events";
import type { WebhookEndpointItem } from "../../../webhooks/endpoint-item";

export const getEndpointInput = z.object({ id: uuid });

export type GetEndpointOutput = WebhookEndpointItem;
