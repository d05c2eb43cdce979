import type { Checkpoint } from "../subscriptions/checkpoint";

/**
 * One unit of background work; a pass runs each job once, independently. A job that moves a
 * subscriber through the log says where it is (`position`): the tick waits until it passes the
 * events committed before the call.
 */
export type WorkerJob = { name: string; run: () => Promise<unknown>; position?: () => Promise<Checkpoint> };
