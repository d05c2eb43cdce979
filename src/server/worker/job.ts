/** One unit of background work; a pass runs each job once, independently. */
export type WorkerJob = { name: string; run: () => Promise<unknown> };
