import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type EmbeddedPostgres, startEmbeddedPostgres } from "../../src/server/db/embedded";
import { applyMigrations } from "../../src/server/db/migrate/apply-migrations";
import { createPool } from "../../src/server/db/pool";
import { type CreatedOrg, createOrg } from "../../src/server/orgs/create-org";
import { expect, test } from "./fixtures";
import { trpc } from "./helpers/demo";
import { type NextServer, startNextServer } from "./helpers/next-server";

// Issue 9, items 1 and 5: on the embedded default (PGlite) a NOTIFY reaches no other connection,
// so an append made through /api/trpc reaches the worker started by instrumentation.ts, and the
// projector's change reaches the live stream, only through the process-wide signals. Next bundles
// those routes and the instrumentation hook into separate chunks: only the production build shows
// whether they still share one signal (they did not: the loop showed after the 15 s refetch).

let dir: string;
let embedded: EmbeddedPostgres;
let server: NextServer;
let org: CreatedOrg;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  dir = await mkdtemp(path.join(tmpdir(), "calm-e2e-embedded-"));
  embedded = await startEmbeddedPostgres({ dataDir: path.join(dir, "pglite"), port: 0 });
  await applyMigrations(embedded.url);
  const pool = createPool(embedded.url, 1);
  org = await createOrg(pool, { name: `Embedded Bakery ${randomUUID().slice(0, 6)}`, password: `pw-${randomUUID()}` }).finally(() => pool.end());
  // As `npm start` runs it: the in-process worker on, every 5 s besides the signals.
  server = await startNextServer({ DATABASE_URL: embedded.url, DATABASE_POOL_SIZE: "5", WORKER_DISABLED: "0", WORKER_INTERVAL_SECONDS: "5" });
});

test.afterAll(async () => {
  await server?.stop();
  await embedded?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

test("on the embedded default, a lead appended by another client shows on the dashboard within a second", async ({ page, playwright }) => {
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel("Email").fill(org.email);
  await page.getByLabel("Password").fill(org.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${server.url}/`);
  await expect(page.locator("[data-live]")).toHaveAttribute("data-live", "on");

  const api = await playwright.request.newContext({ baseURL: server.url, extraHTTPHeaders: { authorization: `Bearer ${org.apiKey}` } });
  for (let i = 0; i < 3; i++) {
    const name = `Embedded lead ${i} ${randomUUID().slice(0, 6)}`;
    await trpc(api).mutate("events.append", {
      id: randomUUID(),
      event_type: "lead_created",
      occurred_at: new Date().toISOString(),
      actor: { id: randomUUID(), type: "system" },
      primary_entity: { type: "deal", id: randomUUID() },
      payload: { name },
    });
    await expect(page.getByRole("article", { name: `Reply to new lead: ${name}` })).toBeVisible({ timeout: 1_000 });
  }
  await api.dispose();
});
