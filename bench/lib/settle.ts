// Before a measuring step of bench:scale and bench:projector: the step before it (a COPY, a
// rebuild, appends) can leave writes for the checkpointer to flush for minutes
// (checkpoint_completion_target spreads them) and load that the 1-minute average still counts; a
// rebuild straight after an import ran 57 s against 37 s settled, with little left to flush, so
// the wait matters as much as the CHECKPOINT. pgbench's habit: a CHECKPOINT first, then wait for
// the machine to go quiet, so a step measures itself and not the aftermath of the last one.
import { loadavg } from "node:os";
import type pg from "pg";

export const SETTLE = { belowLoad: 1, maxSeconds: 180 };

/**
 * CHECKPOINT, then waits (at most SETTLE.maxSeconds) until the 1-minute load average is below
 * SETTLE.belowLoad. Returns the load it left at and the seconds it took.
 */
export async function settle(pool: pg.Pool, log: (s: string) => void): Promise<{ load: number; seconds: number }> {
  const t0 = performance.now();
  // CHECKPOINT needs a superuser or pg_checkpoint (BENCH_ADMIN_URL may name neither): then only the wait.
  const checkpoint = await pool.query("CHECKPOINT").then(() => "CHECKPOINT", (e: Error) => `no CHECKPOINT (${e.message})`);
  const checkpointS = (performance.now() - t0) / 1000;
  while (loadavg()[0]! >= SETTLE.belowLoad && performance.now() - t0 < SETTLE.maxSeconds * 1000) await new Promise((r) => setTimeout(r, 5000));
  const load = loadavg()[0]!;
  const seconds = (performance.now() - t0) / 1000;
  log(`  settled: ${checkpoint} ${checkpointS.toFixed(1)} s, then ${(seconds - checkpointS).toFixed(0)} s until load ${load.toFixed(2)}`);
  return { load, seconds };
}
