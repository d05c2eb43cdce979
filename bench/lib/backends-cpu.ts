import { readFileSync } from "node:fs";
import type pg from "pg";

/**
 * CPU time (µs) the database's Postgres backends used since this call, from /proc (Postgres on
 * this machine); null where /proc cannot be read. A backend that ends meanwhile was an idle one.
 */
export async function backendsCpu(pool: pg.Pool): Promise<() => Promise<number | null>> {
  const TICK_US = 1_000_000 / 100; // USER_HZ
  const cpuOf = (pid: number) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      return (Number(f[11]) + Number(f[12])) * TICK_US;
    } catch {
      return null;
    }
  };
  const pids = async () =>
    (await pool.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")).rows.map((r) => r.pid);
  const before = new Map<number, number | null>((await pids()).map((pid) => [pid, cpuOf(pid)]));
  if ([...before.values()].some((v) => v === null)) return async () => null;
  return async () => {
    let used = 0;
    for (const pid of await pids()) used += (cpuOf(pid) ?? 0) - (before.get(pid) ?? 0);
    return used;
  };
}
