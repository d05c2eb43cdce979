import "./lib/bench-env";
import "../src/server/db/pool"; // bigint columns as numbers, as everywhere in the app
import { cpus, loadavg } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { v7 as uuidv7 } from "uuid";
import { createBenchDb } from "./lib/database";
import { replaceDocSection } from "./lib/doc-section";
import { createEmmettDb } from "./lib/peers/emmett-db";
import { type Consume, emmettConsume, oursNoop, oursProjector, seedBoth } from "./lib/peers/consumers";
import { captureOwnTypes, parserSwitch } from "./lib/peers/own-types";
import { useIds } from "./lib/peers/events";
import { type Run, type Side, type Slice, measure, runOf, slice, workloads } from "./lib/peers/workloads";
import { admin } from "./lib/scale/scale-db";
import { fmt } from "./lib/stats";

/**
 * `npm run bench:peers [-- --seconds 5 --rounds 3 --writers 16 --pool 16 --batch 500 --consume 50000]`
 * Our append path against Emmett 0.42's PostgreSQL event store on the same Postgres, with the same
 * pool size, in-process on both sides, workloads interleaved round by round (the sides' order
 * rotating), a raw INSERT into our table as the floor, medians reported. Then catching up on the
 * same log: Emmett's consumer with a no-op handler, our subscription runner with a no-op
 * subscriber, and our projector.
 */
const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "5" },
    rounds: { type: "string", default: "3" },
    writers: { type: "string", default: "16" },
    pool: { type: "string", default: "16" },
    batch: { type: "string", default: "500" },
    consume: { type: "string", default: "50000" },
    ids: { type: "string", default: "v7" },
    // Stretches per side and round, the sides taking turns: 1 (the default, as every run in the docs)
    // runs each side's seconds at once; more spreads a drift in the machine's load over the sides.
    slices: { type: "string", default: "1" },
  },
});
const SECONDS = Math.max(1, Number(values.seconds));
const ROUNDS = Math.max(1, Number(values.rounds));
const WRITERS = Math.max(1, Number(values.writers));
const POOL = Math.max(1, Number(values.pool));
const BATCH = Math.min(1000, Math.max(2, Number(values.batch)));
const CONSUME = Math.max(1000, Number(values.consume));
if (values.ids !== "v7" && values.ids !== "v4") throw new Error("--ids must be v7 or v4");
const IDS = values.ids;
const SLICES = Math.max(1, Math.round(Number(values.slices)));
useIds(IDS);
const log = (s: string) => process.stderr.write(`[bench:peers] ${s}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const loadBefore = loadavg();
/** Our pools parse as the app does, whatever Emmett's driver does to pg's global parsers. */
const OWN_TYPES = captureOwnTypes();
/** And the process-wide ones each side runs with (own-types.ts says why). */
const parsers = parserSwitch();
const sideParsers = (side: Side) => parsers.use(side === "emmett" ? "emmett" : "ours");
const oursPool = (url: string) => {
  const p = new pg.Pool({ connectionString: url, max: POOL, types: OWN_TYPES });
  p.on("error", () => undefined);
  return p;
};
const started = new Date();

const ours = await createBenchDb(1);
const oursDb = oursPool(ours.url);
const emmett = await createEmmettDb(POOL);
parsers.captureEmmett();
const runs = new Map<string, Record<Side, Run[]>>();
let consumeRows: [string, Consume[]][] = [];
const wls = workloads({ ours: oursDb, emmett: emmett.store, orgId: uuidv7(), writers: WRITERS, batch: BATCH });
try {
  log(`warm-up (1 s per workload and side)…`);
  for (const w of wls) for (const side of ["ours", "emmett", "raw"] as const) if (w.ops[side]) {
    sideParsers(side);
    await measure(1, w.lanes, w.ops[side]!);
  }
  for (let r = 0; r < ROUNDS; r++) {
    const sides: Side[] = (["ours", "emmett", "raw"] as const).map((_, i, a) => a[(i + r) % 3]!);
    for (const w of wls) {
      const rec = runs.get(w.key) ?? { ours: [], emmett: [], raw: [] };
      runs.set(w.key, rec);
      // A side's SECONDS run as SLICES stretches, the sides taking turns stretch by stretch (the
      // order reversed every other turn): a change in the machine's load falls on every side alike.
      const slices: Record<Side, Slice[]> = { ours: [], emmett: [], raw: [] };
      for (let k = 0; k < SLICES; k++) {
        for (const side of k % 2 === 0 ? sides : [...sides].reverse()) {
          const op = w.ops[side];
          if (!op) continue;
          sideParsers(side);
          slices[side].push(await slice(SECONDS / SLICES, w.lanes, op));
        }
      }
      for (const side of sides) if (slices[side].length > 0) rec[side].push(runOf(slices[side]));
      const last = (s: Side) => (rec[s].length ? fmt(rec[s].at(-1)!.perSec) : "–");
      log(`round ${r + 1}/${ROUNDS} ${w.key}: ours ${last("ours")}, emmett ${last("emmett")}, raw ${last("raw")} events/s`);
    }
  }

  log(`catch-up: the same ${fmt(CONSUME)} events in fresh logs of both stores…`);
  const ours2 = await createBenchDb(1);
  const ours2Db = oursPool(ours2.url);
  const emmett2 = await createEmmettDb(POOL);
  try {
    sideParsers("emmett"); // our appends read through OWN_TYPES; Emmett's need its own
    await seedBoth(ours2Db, uuidv7(), emmett2.store, CONSUME);
    await ours2Db.query("VACUUM ANALYZE system_events");
    const asSide = (side: Side, f: () => Promise<Consume>) => () => (sideParsers(side), f());
    const sets: [string, () => Promise<Consume>][] = [
      ["Emmett consumer, defaults (batch 100, 50 ms between pulls), no-op eachMessage", asSide("emmett", () => emmettConsume(emmett2.url, emmett2.pool, {}))],
      ["Emmett consumer, batch 5,000, pullingFrequencyInMs 0, no-op eachMessage", asSide("emmett", () => emmettConsume(emmett2.url, emmett2.pool, { batchSize: 5000, pullingFrequencyInMs: 0 }))],
      ["ours: subscription runner, no-op subscriber, batch 1,000 (the worker's default)", asSide("ours", () => oursNoop(ours2Db, 1000))],
      ["ours: subscription runner, no-op subscriber, batch 5,000", asSide("ours", () => oursNoop(ours2Db, 5000))],
      ["ours: open-loops projector from empty, batch 5,000 (folds, derives and writes entities and loops)", asSide("ours", () => oursProjector(ours2Db, 5000))],
    ];
    const results = new Map<string, Consume[]>(sets.map(([k]) => [k, []]));
    for (let r = 0; r < ROUNDS; r++) {
      for (const [k, f] of r % 2 === 0 ? sets : [...sets].reverse()) {
        const c = await f();
        results.get(k)!.push(c);
        log(`round ${r + 1}/${ROUNDS}: ${k}: ${fmt(c.perSec)} events/s (${fmt(c.events)} in ${fmt(c.seconds, 1)} s)`);
      }
    }
    consumeRows = [...results];
  } finally {
    await ours2Db.end().catch(() => undefined);
    await ours2.drop();
    await emmett2.drop();
  }
} finally {
  await oursDb.end().catch(() => undefined);
  await ours.drop();
  await emmett.drop();
}

// Report.
const m = (rs: Run[]) => (rs.length ? median(rs.map((x) => x.perSec)) : null);
const ratio = (a: number | null, b: number | null) => (a !== null && b !== null ? a / b : null);
const table = [
  "| workload | ours (events/s) | Emmett 0.42 | raw INSERT (floor) | ours / Emmett (target ≥ 1.0) | ours / raw | result |",
  "|---|---:|---:|---:|---:|---:|---|",
];
const verdicts: boolean[] = [];
for (const w of wls) {
  const rec = runs.get(w.key)!;
  const o = m(rec.ours), e = m(rec.emmett), r = m(rec.raw);
  const vsE = ratio(o, e), vsR = ratio(o, r);
  const isBatch = w.key.startsWith("batch");
  const okE = vsE === null ? null : vsE >= 1;
  const okR = isBatch && vsR !== null ? vsR >= 0.75 : null;
  const ok = [okE, okR].filter((x): x is boolean => x !== null);
  verdicts.push(...ok);
  const p = (rs: Run[]) => (rs.length ? ` (p50 ${fmt(median(rs.map((x) => x.p50)), 1)} ms)` : "");
  table.push(
    `| ${w.label} | ${o === null ? "–" : fmt(o)}${p(rec.ours)} | ${e === null ? "n/a: one stream per call" : `${fmt(e)}${p(rec.emmett)}`} | ${r === null ? "–" : fmt(r)} | ${vsE === null ? "–" : `${fmt(vsE, 2)}×`} | ${vsR === null ? "–" : `${fmt(100 * vsR)}%${isBatch ? " (target ≥ 75%)" : ""}`} | ${ok.length === 0 ? "–" : ok.every(Boolean) ? "PASS" : "**MISS**"} |`,
  );
}
const ctable = [
  "| catching up (median of rounds) | events/s | rounds |",
  "|---|---:|---|",
  ...consumeRows.map(([k, cs]) => `| ${k} | ${fmt(median(cs.map((c) => c.perSec)))} | ${cs.map((c) => fmt(c.perSec)).join(", ")} |`),
];
const context = [
  `run ${started.toISOString()}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? "CPU"}, Node ${process.version}; both stores, the raw baseline and Postgres share these cores`,
  `1-minute load average ${loadBefore.map((l) => l.toFixed(1)).join(", ")} before and ${loadavg().map((l) => l.toFixed(1)).join(", ")} after (a shared machine: other work skews every figure; compare within the run)`,
  `same Postgres (${(await admin<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v}), a fresh database per store, a pg pool of ${POOL} on both sides; @event-driven-io/emmett-postgresql 0.42.0 (getPostgreSQLEventStore with our pg.Pool, its own schema migration) on Node ${process.version}`,
  `${ROUNDS} rounds × ${SECONDS} s per workload and side after a 1 s warm-up each, ${SLICES === 1 ? "sides in rotating order" : `each side's ${SECONDS} s run as ${SLICES} stretches taking turns with the other sides' (so a change in the machine's load falls on all of them), the first side rotating by round`}; medians. Ours: the tRPC caller in-process (Zod validation, group commit, calm_append_events); Emmett: appendToStream; raw: one INSERT … SELECT unnest(…) into our system_events`,
  IDS === "v7"
    ? "event and entity ids time-ordered (UUID v7), as docs/api.md recommends and the app makes them; Emmett's stream ids are `deal-` + the same entity ids (`--ids v4` for random ones)"
    : "event and entity ids random (UUID v4); Emmett's stream ids are `deal-` + the same entity ids",
];
const lines = [
  "## bench:peers — against Emmett 0.42's PostgreSQL event store",
  "",
  `Command: \`npm run bench:peers -- --seconds ${SECONDS} --rounds ${ROUNDS} --writers ${WRITERS} --pool ${POOL} --batch ${BATCH} --consume ${CONSUME} --ids ${IDS} --slices ${SLICES}\``,
  "",
  ...context.map((c) => `- ${c}`),
  "",
  ...table,
  "",
  `Catching up on the same ${fmt(CONSUME)} events (deals of ten events), each store from its start:`,
  "",
  ...ctable,
  "",
  "Emmett's consumer pauses between pulls (100 ms after the first, then pullingFrequencyInMs, 50 ms by default) even while messages are left, so at its defaults it is bounded by batch size / pause; tuned, it shows the read path itself.",
];
process.stdout.write(`\n${lines.join("\n")}\n`);
replaceDocSection(path.resolve(import.meta.dirname, "../docs/benchmarks.md"), "peers", lines.join("\n"));
log(`updated docs/benchmarks.md (${verdicts.every(Boolean) ? "every target met" : "some targets missed"})`);
