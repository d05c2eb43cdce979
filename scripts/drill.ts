import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { Redis } from "ioredis";
import pg from "pg";
import { startReceiver } from "../tests/helpers/webhook-receiver";
import { snapshotBuild } from "./drill/build";
import { startObserver } from "./drill/observer";
import { startPrivatePostgres } from "./drill/postgres";
import { startPrivateRedis } from "./drill/redis";
import { resultsTable, seenTable, writeResults } from "./drill/report";
import { productionServer } from "./drill/server";
import { type Fault, tally, writesBackAt } from "./drill/tally";
import { freePort, sleep } from "./drill/util";
import { verdict } from "./drill/verdict";
import { takeCensus } from "./drill/verify";
import { startWriter } from "./drill/writer";

/**
 * `npm run drill [-- --short] [--no-write] [--json file] [--keep]`: the fault drill (docs/reliability.md).
 * On a private Postgres cluster, a private Redis and a production server (`next start`), all on
 * loopback and removed at the end, a writer appends at a steady rate while the drill (a) kills
 * Redis and keeps it down, (b) crashes and restarts Postgres, (c) SIGKILLs the server and starts
 * it again. Then it counts where every acknowledged append ended up: in the log once, in the
 * stream once, projected, delivered to the webhook. Exit code 0 only if none was lost or doubled.
 */
const { values: args } = parseArgs({
  options: { short: { type: "boolean" }, "no-write": { type: "boolean" }, json: { type: "string" }, keep: { type: "boolean" } },
});
const SHORT = args.short === true;
const PLAN = SHORT
  ? { steadyS: 3, redisDownS: 5, postgresDownS: 1, settleS: 2, recoveryTimeoutS: 90 }
  : { steadyS: 10, redisDownS: 30, postgresDownS: 5, settleS: 5, recoveryTimeoutS: 180 };
const RATE = 50;
const LANES = 4;
/** The share of 200 answers the writer throws away and retries, so that idempotent retries are exercised every run. */
const DROP_ANSWERS = 0.03;
const STREAM = "calm:events";
const GROUP = "n8n-delivery";
const WORKER_INTERVAL_S = 5;
const DELIVERY = { timeoutMs: 2000, reclaimIdleMs: 3000 };
const ROOT = path.resolve(import.meta.dirname, "..");
const DOC = path.join(ROOT, "docs/reliability.md");

const t0 = Date.now();
const say = (m: string) => process.stdout.write(`[drill ${((Date.now() - t0) / 1000).toFixed(1).padStart(6)}s] ${m}\n`);
const secret = (bytes: number) => randomBytes(bytes).toString("base64url");

const dir = await mkdtemp(path.join(tmpdir(), "calm-drill-"));
const cleanups: (() => Promise<unknown>)[] = [];
let cleaning: Promise<void> | null = null;
const cleanUp = () =>
  (cleaning ??= (async () => {
    for (const c of cleanups.reverse()) await c().catch((e: unknown) => say(`cleanup: ${String(e)}`));
    if (!args.keep) await rm(dir, { recursive: true, force: true });
    else say(`kept ${dir}`);
  })());
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    say(`${signal}: stopping and removing everything the drill started…`);
    void cleanUp().finally(() => process.exit(130));
  });
}

let serverLog = "";
/** The end of the server's output, for a failed run (the folder it is in is removed unless --keep). */
const showServerLog = async () => {
  const text = await readFile(serverLog, "utf8").catch(() => "");
  if (text) process.stdout.write(`\n--- the last lines of the server's output (${serverLog}) ---\n${text.split("\n").slice(-60).join("\n")}\n`);
};
try {
  const ok = await drill();
  if (!ok) await showServerLog();
  await cleanUp();
  process.exit(ok ? 0 : 1);
} catch (e) {
  say(`FAILED: ${e instanceof Error ? e.message : String(e)}`);
  await showServerLog();
  await cleanUp();
  process.exit(1);
}

async function drill(): Promise<boolean> {
  say(`${SHORT ? "short form" : "full drill"} in ${dir}`);
  const secrets = { SESSION_SECRET: secret(36), WORKER_SECRET: secret(24), N8N_WEBHOOK_SECRET: secret(24) };
  // What the imports below validate on load (src/env.ts): the drill's own values, never the shell's .env.
  Object.assign(process.env, secrets);

  const postgres = await startPrivatePostgres(path.join(dir, "postgres"));
  cleanups.push(() => postgres.dispose());
  say(`private Postgres on ${postgres.url}`);
  const redis = await startPrivateRedis(path.join(dir, "redis"));
  cleanups.push(() => redis.dispose());
  say(`private Redis on ${redis.url} (AOF, fsync every second)`);

  const { applyMigrations } = await import("~/server/db/migrate/apply-migrations");
  const { createOrg } = await import("~/server/orgs/create-org");
  await applyMigrations(postgres.url);
  const pool = new pg.Pool({ connectionString: postgres.url, max: 2 });
  pool.on("error", () => undefined);
  cleanups.push(() => pool.end());
  const org = await createOrg(pool, { name: "Drill" });

  const delivered = new Map<string, number>();
  let badSignatures = 0;
  let onDelivered = (_id: string) => undefined as void;
  const receiver = await startReceiver(secrets.N8N_WEBHOOK_SECRET, (r) => {
    if (!r.validSignature) badSignatures++;
    delivered.set(r.eventId, (delivered.get(r.eventId) ?? 0) + 1);
    onDelivered(r.eventId);
    return 200; // with the event-id echo, as the documented workflow answers
  });
  cleanups.push(() => receiver.close());

  const port = await freePort();
  const serverEnv: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    APP_URL: `http://127.0.0.1:${port}`,
    DATABASE_URL: postgres.url,
    DATABASE_POOL_SIZE: "10",
    REDIS_URL: redis.url,
    REDIS_STREAM: STREAM,
    N8N_WEBHOOK_URL: receiver.url,
    DELIVERY_GROUP: GROUP,
    DELIVERY_ACK: "echo",
    DELIVERY_TIMEOUT_MS: String(DELIVERY.timeoutMs),
    DELIVERY_RECLAIM_IDLE_MS: String(DELIVERY.reclaimIdleMs),
    WORKER_INTERVAL_SECONDS: String(WORKER_INTERVAL_S),
    ...secrets,
  };
  const appDir = path.join(dir, "app");
  await snapshotBuild(appDir, { ...process.env, ...serverEnv, NODE_ENV: "production" }, say);
  serverLog = path.join(dir, "server.log");
  const server = productionServer(appDir, port, serverEnv, serverLog);
  cleanups.push(() => server.dispose());
  server.start();
  await server.ready();
  say(`production server (next start, in-process worker) on ${server.url}`);

  let phase = "steady";
  const writer = startWriter({ baseUrl: server.url, apiKey: org.apiKey, rate: RATE, lanes: LANES, dropAnswers: DROP_ANSWERS, phase: () => phase });
  cleanups.push(() => writer.stop(0));
  const observer = startObserver({ databaseUrl: postgres.url, redisUrl: redis.url, stream: STREAM, events: writer.events });
  cleanups.push(() => observer.stop());
  onDelivered = observer.delivered;
  say(`writer: ${RATE} events/s over ${LANES} lanes, singles and batches of 2–5, retried with the same ids until acknowledged`);
  await sleep(PLAN.steadyS * 1000);

  const faults: Fault[] = [];
  /** Runs one fault, then waits until appends are back and everything acknowledged by then has arrived everywhere. */
  const fault = async (name: string, label: string, act: () => Promise<void>, repair: () => Promise<void>) => {
    phase = name;
    const startedAt = Date.now();
    say(`fault: ${label}`);
    await act();
    await repair();
    const f = { phase: name, label, startedAt, repairedAt: Date.now() };
    faults.push(f);
    say("repaired; waiting until appends are acknowledged and everything acknowledged has arrived…");
    const deadline = f.repairedAt + PLAN.recoveryTimeoutS * 1000;
    for (;;) {
      const back = writesBackAt(writer.events.values(), f.repairedAt);
      const complete = back === undefined ? null : observer.completeAt(back);
      if (complete !== null) {
        say(`recovered ${((complete - f.repairedAt) / 1000).toFixed(1)} s after the repair`);
        break;
      }
      if (Date.now() > deadline) throw new Error(`not recovered ${PLAN.recoveryTimeoutS} s after: ${label}`);
      await sleep(200);
    }
    await sleep(PLAN.settleS * 1000);
  };

  await fault(
    "redis",
    `(a) Redis killed (SIGKILL), down ${PLAN.redisDownS} s`,
    async () => {
      await redis.kill();
      await sleep(PLAN.redisDownS * 1000);
    },
    () => redis.start(),
  );
  await fault(
    "postgres",
    `(b) Postgres crashed (immediate stop), down ${PLAN.postgresDownS} s, restarted`,
    async () => {
      await postgres.stop("immediate");
      await sleep(PLAN.postgresDownS * 1000);
    },
    () => postgres.start(),
  );
  await fault(
    "server",
    "(c) server SIGKILLed and started again",
    () => server.kill("SIGKILL"),
    async () => server.start(),
  );

  phase = "drain";
  say("writer stops; requests being retried get 60 s to be acknowledged");
  await writer.stop(60_000);
  const drainDeadline = Date.now() + PLAN.recoveryTimeoutS * 1000;
  const countRedis = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  cleanups.push(async () => countRedis.disconnect());
  while (observer.completeAt(Infinity) === null || ((await countRedis.xpending(STREAM, GROUP)) as [number])[0] > 0) {
    if (Date.now() > drainDeadline) {
      say("not everything acknowledged arrived in time: counting what did");
      break;
    }
    await sleep(250);
  }
  await observer.stop();

  const events = [...writer.events.values()];
  const acked = events.filter((e) => e.ackedAt !== undefined).map((e) => e.id);
  const census = await takeCensus(pool, countRedis, { orgId: org.orgId, stream: STREAM, group: GROUP, acked, delivered });
  const phases = [{ phase: "steady", label: "steady, no fault" }, ...faults.map((f) => ({ phase: f.phase, label: f.label }))];
  const rows = tally(events, census, observer.arrivals, phases, faults);
  const seen = phases.map(({ phase: p, label }) => {
    const mine = events.filter((e) => e.phase === p);
    return {
      label,
      answers: writer.outcomes.get(p),
      answersDropped: mine.filter((e) => e.answerDropped).length,
      duplicateAnswers: mine.filter((e) => e.duplicateAnswer).length,
      redeliveries: mine.reduce((s, e) => s + Math.max(0, (delivered.get(e.id) ?? 0) - 1), 0),
    };
  });

  const failures = verdict(events, rows.at(-1)!, census, { refusals: writer.refusals, badSignatures });

  const config = [
    `${SHORT ? "Short form (`npm run drill -- --short`)" : "Full drill (`npm run drill`)"}, ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, ${cpus().length} cores shared with the writer.`,
    `Writer: ${RATE} events/s over ${LANES} lanes through /api/trpc with an API key, half single appends and half batches of 2–5, each request retried with the same body until acknowledged (Retry-After honoured up to 1 s); ${DROP_ANSWERS * 100}% of first answers thrown away as if lost, to re-send those appends.`,
    `Server: \`next start\` of the production build with its in-process worker (interval ${WORKER_INTERVAL_S} s); Redis with AOF (appendfsync everysec); delivery to a local webhook that answers with the event-id echo (DELIVERY_ACK=echo, timeout ${DELIVERY.timeoutMs} ms, reclaim ${DELIVERY.reclaimIdleMs} ms).`,
  ].join("\n");
  const report = [
    config,
    "",
    resultsTable(rows),
    "",
    seenTable(seen),
    "",
    failures.length === 0 ? "**Verdict: passed** — every acknowledged append is in the log once, in the stream once, projected and delivered." : `**Verdict: FAILED** — ${failures.join("; ")}.`,
  ].join("\n");
  process.stdout.write(`\n${report}\n\n`);
  if (!SHORT && !args["no-write"]) {
    writeResults(DOC, report);
    say(`results written to ${path.relative(ROOT, DOC)}`);
  }
  if (args.json) await writeFile(args.json, JSON.stringify({ ok: failures.length === 0, failures, rows, short: SHORT }, null, 2));
  return failures.length === 0;
}
