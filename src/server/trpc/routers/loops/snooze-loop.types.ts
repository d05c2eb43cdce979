import { z } from "zod";
import { isoInstant, storableText, uuid } from "~/domain/events";
import type { StoredEvent } from "../../../events/stored-event";

/** `until`: after now and at most a year ahead (checked against the server's clock: BAD_REQUEST naming until). */
export const snoozeLoopInput = z.object({ loopId: uuid, until: isoInstant, note: storableText.trim().max(2000).optional() });

/** The loop_snoozed event appended. */
export type SnoozeLoopOutput = { event: StoredEvent };
