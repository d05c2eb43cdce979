import { z } from "zod";
import { storableText, uuid } from "~/domain/events";
import type { StoredEvent } from "../../../events/stored-event";

export const dismissLoopInput = z.object({ loopId: uuid, reason: storableText.trim().max(2000).optional() });

/** The loop_dismissed event appended. */
export type DismissLoopOutput = { event: StoredEvent };
