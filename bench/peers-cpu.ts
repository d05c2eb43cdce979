import "./lib/bench-env";
import "../src/server/db/pool"; // bigint columns as numbers, as everywhere in the app
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import pg from "pg";
import { v7 as uuidv7 } from "uuid";
import { backendsCpu } from "./lib/backends-cpu";
import { createBenchDb } from "./lib/database";
import { createEmmettDb } from "./lib/peers/emmett-db";
import { asEmmett, lead, newId, note } from "./lib/peers/events";
import { captureOwnTypes, parserSwitch } from "./lib/peers/own-types";
import { callerFor } from "./lib/scale/callers";

/**
 * `npm run bench:peers-cpu [-- --workload batch|expected --turns 8 --calls N]`
 * Where a bench:peers workload's time goes, per call, on both sides: wall time, this process's CPU
 * (Node) and the CPU of every Postgres backend of the side's database (/proc/<pid>/stat). The two
 * stores take turns of N calls on fresh databases, one writer; medians of the turns. bench:peers
 * gives the verdicts; this says why (docs/scaling.md, "The append path beside Emmett").
 */
const { values } = parseArgs({
  options: {
    workload: { type: "string", default: "batch" },
    turns: { type: "string", default: "8" },
    calls: { type: "string" },
  },
});
const BATCH = values.workload === "batch";
if (!BATCH && values.workload !== "expected") throw new Error("--workload must be batch or expected");
const TURNS = Math.max(2, Number(values.turns));
const CALLS = Math.max(1, Number(values.calls ?? (BATCH ? 40 : 1000)));

const ownTypes = captureOwnTypes();
const parsers = parserSwitch();
const ours = await createBenchDb(1);
const oursPool = new pg.Pool({ connectionString: ours.url, max: 16, types: ownTypes });
const emmett = await createEmmettDb(16);
const store = emmett.store;
parsers.captureEmmett();

const api = callerFor(oursPool, uuidv7());
const stream = { ours: newId(), oursV: 0, emmett: `deal-${newId()}`, emmettV: 0n };
const deal = () => {
  const id = newId();
  return Array.from({ length: 500 }, (_, i) => (i === 0 ? lead(id) : note(id)));
};
const sides = {
  ours: BATCH
    ? async () => void (await api.events.appendBatch({ events: deal() }))
    : async () => void (await api.events.append({ ...note(stream.ours), expectedVersion: stream.oursV++ })),
  emmett: BATCH
    ? async () => {
        const events = deal();
        await store.appendToStream(`deal-${events[0]!.primary_entity.id}`, events.map(asEmmett));
      }
    : async () => void (await store.appendToStream(stream.emmett, [asEmmett(note(newId()))], { expectedStreamVersion: stream.emmettV++ })),
};
type Side = keyof typeof sides;
const figures: Record<Side, { wall: number; node: number; pg: number }[]> = { ours: [], emmett: [] };
const load = loadavg();
try {
  for (let t = 0; t < TURNS; t++) {
    for (const side of (t % 2 === 0 ? ["ours", "emmett"] : ["emmett", "ours"]) as Side[]) {
      parsers.use(side);
      for (let i = 0; i < 3; i++) await sides[side]();
      const pgCpu = await backendsCpu(side === "ours" ? oursPool : emmett.pool);
      const node0 = process.cpuUsage();
      const t0 = performance.now();
      for (let i = 0; i < CALLS; i++) await sides[side]();
      const wall = (performance.now() - t0) / CALLS;
      const node = process.cpuUsage(node0);
      const pgUs = await pgCpu();
      figures[side].push({ wall, node: (node.user + node.system) / 1000 / CALLS, pg: pgUs === null ? NaN : pgUs / 1000 / CALLS });
    }
  }
} finally {
  await oursPool.end();
  await ours.drop();
  await emmett.drop();
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const unit = BATCH ? "500-event batch (Node includes making the events, as on both sides)" : "append with an expected version";
console.log(`${TURNS} turns of ${CALLS} calls per side, one writer; load average ${load.map((l) => l.toFixed(1)).join(", ")} before`);
for (const side of ["ours", "emmett"] as Side[]) {
  const f = figures[side];
  console.log(
    `${side.padEnd(6)} per ${unit}: wall ${median(f.map((x) => x.wall)).toFixed(2)} ms, Node CPU ${median(f.map((x) => x.node)).toFixed(2)} ms, Postgres CPU ${median(f.map((x) => x.pg)).toFixed(2)} ms`,
  );
}
