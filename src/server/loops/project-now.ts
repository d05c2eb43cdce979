import type pg from "pg";
import { runProjector } from "../projector/open-loops-projector";

/** How long a command may wait for its event to be projected (bounded: it is only a courtesy). */
const READ_YOUR_WRITES_MS = 1000;

/**
 * Read-your-writes for loop commands: project the command's event before answering so the next
 * list shows it. Another run may hold the projector (skipped), or a transaction elsewhere may hide
 * the new event for a moment (behind): then try again briefly. Never fails the command.
 */
export async function projectNow(deps: { db: pg.Pool; clock: () => Date }): Promise<void> {
  const until = performance.now() + READ_YOUR_WRITES_MS;
  for (;;) {
    const run = await runProjector(deps.db, deps.clock, { maxBatches: 5 }).catch(() => null);
    if (!run || !(run.skipped || run.behind) || performance.now() > until) break;
    await new Promise((r) => setTimeout(r, 20));
  }
}
