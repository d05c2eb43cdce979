import pg from "pg";
import { wallNow } from "./http-client";

/**
 * The floor under "append → visible elsewhere" on a real Postgres: a raw INSERT committed with a
 * NOTIFY on one connection, until a LISTEN on another connection hears it. Milliseconds each.
 */
export async function insertNotifyListen(url: string, samples: number): Promise<number[]> {
  const [writer, listener] = [new pg.Client({ connectionString: url }), new pg.Client({ connectionString: url })];
  await Promise.all([writer.connect(), listener.connect()]);
  try {
    await writer.query("CREATE TEMP TABLE bench_live (id int, at text)");
    await listener.query("LISTEN bench_live");
    const out: number[] = [];
    for (let i = 0; i < samples; i++) {
      const heard = new Promise<number>((resolve) => listener.once("notification", () => resolve(wallNow())));
      const t0 = wallNow();
      await writer.query(`BEGIN; INSERT INTO bench_live VALUES (${i}, now()::text); NOTIFY bench_live, '${i}'; COMMIT`);
      out.push((await heard) - t0);
      await new Promise((r) => setTimeout(r, 10));
    }
    return out;
  } finally {
    await Promise.all([writer.end(), listener.end()]);
  }
}

/**
 * Where NOTIFY cannot cross connections (the embedded PGlite): a raw INSERT on one connection,
 * then a SELECT on another that finds it. Milliseconds each.
 */
export async function insertThenSelect(url: string, samples: number): Promise<number[]> {
  const [writer, reader] = [new pg.Client({ connectionString: url }), new pg.Client({ connectionString: url })];
  await Promise.all([writer.connect(), reader.connect()]);
  try {
    await writer.query("CREATE TABLE IF NOT EXISTS bench_live (id int, at text)");
    const out: number[] = [];
    for (let i = 0; i < samples; i++) {
      const t0 = wallNow();
      await writer.query(`INSERT INTO bench_live VALUES (${i}, now()::text)`);
      await reader.query("SELECT id FROM bench_live WHERE id = $1", [i]);
      out.push(wallNow() - t0);
    }
    await writer.query("DROP TABLE bench_live");
    return out;
  } finally {
    await Promise.all([writer.end(), reader.end()]);
  }
}

/** A write transaction held open in another database of the same server, until `release`. */
export async function holdWriteElsewhere(url: string): Promise<{ release: () => Promise<void> }> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query("BEGIN");
  await c.query("CREATE TEMP TABLE held (x int) ON COMMIT DROP");
  await c.query("INSERT INTO held VALUES (1)");
  return {
    release: async () => {
      await c.query("COMMIT");
      await c.end();
    },
  };
}
