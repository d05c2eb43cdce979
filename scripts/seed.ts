import "./load-env";
import { parseArgs } from "node:util";
import { env } from "~/env";
import { createPool } from "~/server/db/pool";
import { unreachableDatabase } from "./lib/unreachable-database";
import { seedDatabase } from "./seed/write";

/**
 * `npm run db:seed -- --orgs 3 --events 10000 [--seed calm] [--now ISO] [--batch 500] [--concurrency 3]`
 * One JSON line per org on stdout ({orgId, apiKey, email, password}); progress on stderr.
 * The same --seed and --now give the same events with the same ids, so a re-run appends nothing.
 */
const { values } = parseArgs({
  options: {
    orgs: { type: "string", default: "3" },
    events: { type: "string", default: "10000" },
    seed: { type: "string", default: "calm" },
    now: { type: "string" },
    batch: { type: "string", default: "500" },
    concurrency: { type: "string", default: "3" },
  },
});
const int = (name: string, v: string, min: number, max: number) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) fail(`--${name} must be a whole number from ${min} to ${max}, got "${v}"`);
  return n;
};
function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

const orgs = int("orgs", values.orgs, 1, 10_000);
const events = int("events", values.events, 0, 100_000_000);
const batchSize = int("batch", values.batch, 1, 1000);
const concurrency = int("concurrency", values.concurrency, 1, 16);
// Default: the current hour, so re-running within the hour with the same seed is a no-op.
const now = values.now ? new Date(values.now) : new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
if (Number.isNaN(now.getTime())) fail(`--now must be an ISO date-time, got "${values.now}"`);

const pool = createPool(env.DATABASE_URL, concurrency + 1);
const started = performance.now();
let lastReport = 0;
const log = (s: string) => process.stderr.write(`[seed] ${s}\n`);
log(`seed "${values.seed}", now ${now.toISOString()}: ${orgs} org(s), ${events.toLocaleString("en")} events, batches of ${batchSize} × ${concurrency}`);
try {
  const result = await seedDatabase(pool, {
    seed: values.seed,
    orgs,
    events,
    now,
    batchSize,
    concurrency,
    onOrg: (o) => {
      log(`${o.created ? "created" : "exists: new API key for"} org "${o.name}" (${o.orgId})`);
      process.stdout.write(`${JSON.stringify({ orgId: o.orgId, apiKey: o.apiKey, email: o.email, password: o.password })}\n`);
    },
    onProgress: (p) => {
      const t = performance.now();
      if (t - lastReport < 2000 && p.done < p.total) return;
      lastReport = t;
      const rate = p.done / ((t - started) / 1000);
      log(`${p.done.toLocaleString("en")}/${p.total.toLocaleString("en")} (${((100 * p.done) / Math.max(1, p.total)).toFixed(1)}%), ${Math.round(rate).toLocaleString("en")} events/s`);
    },
  });
  const secs = (performance.now() - started) / 1000;
  log(`done in ${secs.toFixed(1)} s: ${result.appended.toLocaleString("en")} appended, ${result.duplicates.toLocaleString("en")} already there`);
} catch (e) {
  log(`failed: ${unreachableDatabase(e, env.DATABASE_URL, !process.env.DATABASE_URL) ?? (e instanceof Error ? e.message : String(e))}`);
  process.exitCode = 1;
} finally {
  await pool.end();
}
