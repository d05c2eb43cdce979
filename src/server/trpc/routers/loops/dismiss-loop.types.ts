import { z } from "zod";
import { uuid } from "~/domain/events";
import type { StoredEvent } from "../../../events/stored-event";

export const dismissLoopInput = z.object({ loopId: uuid, reason: z.string().trim().max(2000).optional() });

/** The loop_dismissed event appended. */
export type DismissLoopOutput = { event: StoredEvent };
