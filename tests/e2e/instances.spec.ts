import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import path from "node:path";
import { Redis } from "ioredis";
import { applyMigrations } from "../../src/server/db/migrate/apply-migrations";
import { createPool } from "../../src/server/db/pool";
import { type CreatedOrg, createOrg } from "../../src/server/orgs/create-org";
import { TEST_REDIS_URL, databaseUrl } from "../helpers/services";
import { deleteStreamKeys, readStream, testStreamName } from "../helpers/streams";
import { adminQuery } from "../helpers/test-db";
import { startReceiver } from "../helpers/webhook-receiver";
import { type APIRequestContext, expect, test } from "./fixtures";
import { trpc } from "./helpers/demo";
import { type NextServer, startNextServer } from "./helpers/next-server";

// Issue 9, item 4: two `next start` instances and one `npm run worker` on one Postgres and one
// Redis, each with its in-process worker, as a deployment behind a load balancer runs them. The
// production build global-setup made (item 5: bundling bugs show only there).

const ROOT = path.resolve(import.meta.dirname, "../..");
const SECRET = "instances-webhook-secret-0123456789";
const dbName = `calm_t_instances_${randomBytes(6).toString("hex")}`;
const stream = testStreamName("instances");
let org: CreatedOrg;
let one: NextServer;
let two: NextServer;
let worker: ChildProcess;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let redis: Redis;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(180_000); // three processes start on a shared, loaded machine
  await adminQuery(`CREATE DATABASE "${dbName}"`);
  await applyMigrations(databaseUrl(dbName));
  const pool = createPool(databaseUrl(dbName), 1);
  org = await createOrg(pool, { name: `Two Shops ${randomUUID().slice(0, 6)}`, password: `pw-${randomUUID()}` }).finally(() => pool.end());
  receiver = await startReceiver(SECRET);
  redis = new Redis(TEST_REDIS_URL);
  const env = {
    DATABASE_URL: databaseUrl(dbName),
    DATABASE_POOL_SIZE: "4",
    REDIS_URL: TEST_REDIS_URL,
    REDIS_STREAM: stream,
    N8N_WEBHOOK_URL: receiver.url,
    N8N_WEBHOOK_SECRET: SECRET,
    DELIVERY_TIMEOUT_MS: "900",
    DELIVERY_RECLAIM_IDLE_MS: "1000", // a stopped instance's entries are taken over after a second
    WORKER_DISABLED: "0",
    WORKER_INTERVAL_SECONDS: "5", // the default: only the signals can make the first test's second
  };
  [one, two] = await Promise.all([startNextServer(env), startNextServer(env)]);
  worker = spawn(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), "scripts/worker.ts"], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let workerLog = "";
  worker.stderr!.on("data", (b: Buffer) => void (workerLog = (workerLog + b.toString()).slice(-20_000)));
  await expect.poll(() => workerLog, { timeout: 60_000, message: "npm run worker's first pass" }).toContain("first pass");
});

test.afterAll(async () => {
  worker?.kill("SIGTERM");
  await Promise.all([one?.stop(), two?.stop()]);
  if (worker && worker.exitCode === null && worker.signalCode === null) await new Promise((r) => worker.once("exit", r));
  await receiver?.close();
  if (redis) {
    await deleteStreamKeys(redis, stream);
    redis.disconnect();
  }
  await adminQuery(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
});

/** An automation holding the org's API key, talking to one instance. */
async function machine(playwright: { request: { newContext: (o: object) => Promise<APIRequestContext> } }, server: NextServer) {
  return playwright.request.newContext({ baseURL: server.url, extraHTTPHeaders: { authorization: `Bearer ${org.apiKey}` } });
}

function lead(name: string) {
  return {
    id: randomUUID(),
    event_type: "lead_created",
    occurred_at: new Date(Date.now() - 2 * 86_400_000).toISOString(), // due already: first on the board
    actor: { id: randomUUID(), type: "system" },
    primary_entity: { type: "deal", id: randomUUID() },
    payload: { name },
  };
}

test("a lead appended on instance 1 shows on a dashboard served by instance 2 within a second, without a reload", async ({ page, playwright }) => {
  await page.goto(`${two.url}/sign-in`);
  await page.getByLabel("Email").fill(org.email);
  await page.getByLabel("Password").fill(org.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${two.url}/`);
  await expect(page.locator("[data-live]")).toHaveAttribute("data-live", "on");
  await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));

  const api = await machine(playwright, one);
  for (let i = 0; i < 3; i++) {
    const name = `Via instance one ${i} ${randomUUID().slice(0, 6)}`;
    await trpc(api).mutate("events.append", lead(name));
    // What the product promises: a second from the append on one instance to the screen of another.
    await expect(page.getByRole("article", { name: `Reply to new lead: ${name}` })).toBeVisible({ timeout: 1_000 });
  }
  await api.dispose();
  expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
});

test("each event reaches the stream once and n8n at least once, by consumers named per process, though instance 1 is killed midway", async ({ playwright }) => {
  test.setTimeout(120_000);
  const [viaOne, viaTwo] = [await machine(playwright, one), await machine(playwright, two)];
  const ids: string[] = [];
  const append = async (api: APIRequestContext, n: number) => {
    const events = Array.from({ length: n }, (_, i) => lead(`Batch lead ${ids.length + i}`));
    await trpc(api).mutate("events.appendBatch", { events });
    ids.push(...events.map((e) => e.id));
  };
  for (let round = 0; round < 10; round++) await append(round % 2 ? viaTwo : viaOne, 20);
  // Killed, not stopped: whatever it held (a relay batch, deliveries in flight) is left as is.
  await viaOne.dispose();
  process.kill(one.pid, "SIGKILL");
  await one.stop();
  for (let round = 0; round < 10; round++) await append(viaTwo, 20);
  await viaTwo.dispose();

  const reader = await machine(playwright, two);
  const active = async () => (await trpc(reader).query<{ total: number }>("loops.summary")).total;
  await expect.poll(active, { timeout: 60_000, message: "every lead's loop projected" }).toBeGreaterThanOrEqual(ids.length);
  await reader.dispose();
  // The whole log (the first test's leads too), in the subscriptions' order: the stream must hold exactly that.
  const pool = createPool(databaseUrl(dbName), 1);
  const log = await pool.query<{ id: string }>("SELECT id FROM system_events ORDER BY tx_id, position").finally(() => pool.end());
  expect(log.rows.map((r) => r.id)).toEqual(expect.arrayContaining(ids));
  // Event entries (the loop notifications share the stream as kind=loop entries).
  const streamIds = async () => (await readStream(redis, stream)).filter((e) => e.fields.kind === "event").map((e) => e.fields.event_id!);
  await expect.poll(async () => (await streamIds()).length, { timeout: 60_000, message: "the stream has them all" }).toBeGreaterThanOrEqual(log.rows.length);
  expect(await streamIds()).toEqual(log.rows.map((r) => r.id)); // each once, in order

  const delivered = () => new Set(receiver.received.filter((r) => r.validSignature).map((r) => r.eventId));
  await expect.poll(() => ids.filter((id) => !delivered().has(id)).length, { timeout: 60_000, message: "every event delivered" }).toBe(0);

  // One consumer per process that delivered, each named for its process (host, pid and a random part).
  const consumers = ((await redis.xinfo("CONSUMERS", stream, "n8n-delivery")) as (string | number)[][]).map((flat) => String(flat[1]));
  expect(consumers.length).toBeGreaterThanOrEqual(2);
  expect(new Set(consumers).size).toBe(consumers.length);
  for (const name of consumers) expect(name).toMatch(/^.+-\d+-[0-9a-f]{8}$/);
});
