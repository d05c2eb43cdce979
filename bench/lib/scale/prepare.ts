// The setup steps of one size, each done once and recorded in the database's bench_scale_meta:
// the log (COPY), the orgs, VACUUM ANALYZE, and the projection (a rebuild from scratch, measured).
import pg from "pg";
import type { ProjectorPass } from "../../../src/server/projector/open-loops-projector";
import { projectorJob } from "../../../src/server/projector/projector-job";
import { LIVE } from "../../../src/server/projector/tables";
import { saveCheckpoint } from "../../../src/server/subscriptions/checkpoint";
import { copyLog } from "./copy-log";
import type { OrgShare, Probes } from "./generate-log";
import { type RebuildRun, rebuildFromScratch } from "./rebuild-run";
import { dbNameFor, dropDb, ensureDb, readMeta, writeMeta } from "./scale-db";
import { settle } from "../settle";

export type LogMeta = {
  seed: string;
  total: number;
  orgCount: number;
  /** The record time of the last event: the log's "now" for every time-relative probe. */
  end: string;
  probes: Probes;
  topOrgs: OrgShare[];
  copySeconds: number;
  vacuumSeconds: number;
  generatedAt: string;
};

export type Prepared = { name: string; url: string; pool: pg.Pool; log: LogMeta; rebuild: RebuildRun & { at: string } };

export async function prepareSize(
  total: number,
  opts: { fresh: boolean; reproject: boolean; skipLiveCatchUp?: boolean; seed: string; orgs: number; log: (s: string) => void },
): Promise<Prepared> {
  const { log } = opts;
  const name = dbNameFor(total);
  if (opts.fresh) await dropDb(name);
  let url = await ensureDb(name);
  let pool = new pg.Pool({ connectionString: url, max: 8 });
  pool.on("error", () => undefined);

  let meta = await readMeta<LogMeta>(pool, "log");
  if (!meta) {
    const rows = (await pool.query<{ any: boolean }>("SELECT EXISTS (SELECT 1 FROM system_events) AS any")).rows[0]!.any;
    if (rows) {
      // A load that stopped halfway: the log is append-only, so start this size over.
      log(`${name} holds a partial log: recreating it`);
      await pool.end();
      await dropDb(name);
      url = await ensureDb(name);
      pool = new pg.Pool({ connectionString: url, max: 8 });
      pool.on("error", () => undefined);
    }
    const plannedEnd = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000);
    log(`${name}: generating ${total.toLocaleString("en")} events (${opts.orgs} orgs) and writing them with COPY…`);
    const t0 = performance.now();
    let lastLog = t0;
    const out = await copyLog(pool, { seed: opts.seed, total, orgCount: opts.orgs, end: plannedEnd, spanDays: 365 }, {
      onProgress: (n) => {
        if (performance.now() - lastLog < 15_000) return;
        lastLog = performance.now();
        log(`  ${n.toLocaleString("en")} events, ${Math.round(n / ((lastLog - t0) / 1000)).toLocaleString("en")}/s`);
      },
    });
    const copySeconds = (performance.now() - t0) / 1000;
    log(`  ${out.written.toLocaleString("en")} events in ${copySeconds.toFixed(0)} s; VACUUM ANALYZE…`);
    // Each org exists (no events reference orgs by key, but API keys and users do).
    await pool.query(
      "INSERT INTO orgs (id, name) SELECT * FROM unnest($1::uuid[], $2::text[]) ON CONFLICT DO NOTHING",
      [out.orgs.map((o) => o.orgId), out.orgs.map((o) => o.name)],
    );
    const v0 = performance.now();
    // An append-only table is all-visible once vacuumed: index-only scans need no heap visits.
    await pool.query("VACUUM (ANALYZE) system_events");
    meta = {
      seed: opts.seed,
      total: out.written,
      orgCount: opts.orgs,
      end: out.end.toISOString(),
      probes: out.probes,
      topOrgs: out.orgs.slice(0, 5),
      copySeconds,
      vacuumSeconds: (performance.now() - v0) / 1000,
      generatedAt: new Date().toISOString(),
    };
    await writeMeta(pool, "log", meta);
  }

  let rebuild = await readMeta<RebuildRun & { at: string }>(pool, "rebuild");
  if (!rebuild || opts.reproject) {
    const markAt = Math.max(10_000, Math.round(meta.total / 10));
    // A log imported by COPY is news to the live projection: the worker's catch-up, run (and timed)
    // before the rebuild so that the rebuild's time is its own (it runs the loop history alongside).
    let liveBeforeSeconds: number | undefined;
    if (opts.skipLiveCatchUp) {
      await markLiveCaughtUp(pool);
      log("  the live projection's checkpoint moved to the log's end, untold (--skip-live-catchup): the rebuild projects the log");
    } else {
      liveBeforeSeconds = await catchUpLive(pool);
      if (liveBeforeSeconds > 1) log(`  the live projection caught up on the imported log in ${liveBeforeSeconds.toFixed(0)} s (the worker's work)`);
    }
    // Measured settled, as every other step: straight after the import and its VACUUM, the same
    // rebuild of a new 1 M log took 57 s against 37 s settled (2026-12-03, one run each).
    const settled = await settle(pool, log);
    log(`${name}: projecting with \`npm run projections:rebuild -- --fresh\` (RSS read at ${markAt.toLocaleString("en")} events and at the end)…`);
    rebuild = { ...(await rebuildFromScratch(url, markAt, log)), liveBeforeSeconds, liveSkipped: opts.skipLiveCatchUp === true, settled, at: new Date().toISOString() };
    await pool.query("ANALYZE open_loops");
    await pool.query("ANALYZE entities");
    await writeMeta(pool, "rebuild", rebuild);
    log(`  ${rebuild.events.toLocaleString("en")} events in ${rebuild.seconds.toFixed(0)} s (${Math.round(rebuild.events / rebuild.seconds).toLocaleString("en")}/s)`);
  }
  if (!rebuild.alone || opts.reproject) {
    // The projector's own rebuild, without the loop history beside it sharing the two cores.
    const settled = await settle(pool, log);
    log(`${name}: the projector alone, \`npm run projections:rebuild -- --fresh --skip-history\`…`);
    const run = await rebuildFromScratch(url, meta.total, log, ["--skip-history"]);
    rebuild = { ...rebuild, alone: { events: run.events, seconds: run.seconds, hwmEndMb: run.hwmEndMb, at: new Date().toISOString(), settled } };
    await pool.query("ANALYZE open_loops");
    await pool.query("ANALYZE entities");
    await writeMeta(pool, "rebuild", rebuild);
    log(`  ${run.events.toLocaleString("en")} events in ${run.seconds.toFixed(0)} s (${Math.round(run.events / run.seconds).toLocaleString("en")}/s)`);
  }
  return { name, url, pool, log: meta, rebuild };
}

/**
 * The live projection's checkpoint at the log's end without projecting a thing: an import nobody is
 * told about (no loop changes, so no outbox rows). The rebuild's swap then puts the whole projection
 * in place. Saves the live catch-up (~50 min at 10 M here), which bench:projector measures.
 */
async function markLiveCaughtUp(pool: pg.Pool): Promise<void> {
  const end = await pool.query<{ tx_id: string; position: number }>(
    "SELECT tx_id::text, position FROM system_events ORDER BY tx_id DESC, position DESC LIMIT 1",
  );
  const last = end.rows[0];
  if (!last) return;
  const c = await pool.connect();
  try {
    await saveCheckpoint(c, LIVE.subscriberId, { txId: last.tx_id, position: last.position });
  } finally {
    c.release();
  }
}

/** Seconds the live projection took to reach the log's end, as the worker's job runs it. */
async function catchUpLive(pool: pg.Pool): Promise<number> {
  const t0 = performance.now();
  const job = projectorJob(pool, () => new Date());
  for (;;) {
    const run = (await job.run()) as ProjectorPass;
    if (run.caughtUp) return (performance.now() - t0) / 1000;
    if (run.skipped) await new Promise((r) => setTimeout(r, 100));
  }
}
