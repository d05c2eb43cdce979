import { z } from "zod";
import { EVENT_TYPES, storableText } from "~/domain/events";
import { LOOP_CHANGES } from "~/domain/webhooks/topics";
import { MAX_URL_LENGTH } from "../../../webhooks/target-policy";

/** The fields of an endpoint as create and update take them (shared by both procedures). */
export const endpointUrl = z.string().trim().min(1, "must not be empty").max(MAX_URL_LENGTH);
export const description = storableText.trim().max(500);
/** null or absent: every event type, also ones added later; a list: only those ([] for none). */
export const eventTypes = z
  .array(z.enum(EVENT_TYPES as [string, ...string[]]))
  .max(EVENT_TYPES.length)
  .transform((t) => [...new Set(t)])
  .nullable();
/** The loop notifications it wants (none by default). */
export const loopChanges = z
  .array(z.enum(LOOP_CHANGES))
  .max(LOOP_CHANGES.length)
  .transform((c) => [...new Set(c)]);
