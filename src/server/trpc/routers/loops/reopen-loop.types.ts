import { z } from "zod";
import { storableText, uuid } from "~/domain/events";
import type { StoredEvent } from "../../../events/stored-event";

export const reopenLoopInput = z.object({ loopId: uuid, note: storableText.trim().max(2000).optional() });

/** The loop_reopened event appended. */
export type ReopenLoopOutput = { event: StoredEvent };
