import { once } from "node:events";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { COPY_COLUMNS, type LogPlan, generateLog } from "./generate-log";

/**
 * Writes the generated log with COPY, `rowsPerTx` rows per transaction (each its own tx_id, as
 * concurrent appends would give; position and tx_id come from the column defaults). Bench setup
 * only: no append path, no checks — the generator already assigns entity versions in log order.
 */
export async function copyLog(pool: pg.Pool, plan: LogPlan, opts: { rowsPerTx?: number; onProgress?: (rows: number) => void } = {}) {
  const rowsPerTx = opts.rowsPerTx ?? 100_000;
  const client = await pool.connect();
  let stream: ReturnType<typeof copyFrom> | null = null;
  let inTx = 0;
  let rows = 0;
  const begin = async () => {
    await client.query("BEGIN");
    stream = client.query(copyFrom(`COPY system_events (${COPY_COLUMNS}) FROM STDIN`));
    inTx = 0;
  };
  const commit = async () => {
    if (!stream) return;
    const s = stream;
    stream = null;
    const done = once(s, "finish");
    s.end();
    await done;
    await client.query("COMMIT");
  };
  try {
    const out = await generateLog(plan, async (lines) => {
      if (!stream) await begin();
      const s = stream!;
      if (!s.write(lines.join(""))) await once(s, "drain");
      inTx += lines.length;
      rows += lines.length;
      if (inTx >= rowsPerTx) {
        await commit();
        opts.onProgress?.(rows);
      }
    });
    await commit();
    opts.onProgress?.(rows);
    client.release();
    return out;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => undefined);
    client.release(e instanceof Error ? e : true);
    throw e;
  }
}
