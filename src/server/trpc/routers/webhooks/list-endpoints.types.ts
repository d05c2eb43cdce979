import type { WebhookEndpointItem } from "../../../webhooks/endpoint-item";

export type ListEndpointsOutput = { items: WebhookEndpointItem[] };
