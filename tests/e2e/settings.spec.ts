import { Webhook } from "standardwebhooks";
import { startStandardReceiver, verifyHeaders } from "../helpers/standard-receiver";
import { expect, test } from "./fixtures";
import { createDemoApiKey } from "./helpers/api-key";
import { expectNoSeriousA11yViolations } from "./helpers/axe";
import { startNextServer } from "./helpers/next-server";
import { createOwnAccount } from "./helpers/own-account";
import { signInDirectly } from "./helpers/session";

// Settings → Automations and API keys as an org's owner uses them, in an org of the spec's own (the
// demo org's keys and endpoints stay as other specs expect them). The e2e server allows webhooks to
// loopback (ALLOW_PRIVATE_WEBHOOKS=1, playwright.config.ts): the receiver is this process's.

test("webhooks: add an endpoint, see its secret once, send a test event it verifies, rotate, read the log, delete", async ({ page }) => {
  const receiver = await startStandardReceiver(() => 204);
  try {
    await signInDirectly(page, (await createOwnAccount("Hooks")).email);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
    await expect(page).toHaveURL(/\/settings\/automations$/);
    await expect(page.getByRole("heading", { level: 2, name: "Webhook endpoints" })).toBeVisible();
    await expect(page.getByText("No endpoints yet.")).toBeVisible();
    await expectNoSeriousA11yViolations(page);

    await page.getByRole("button", { name: "Add endpoint" }).click();
    await page.getByLabel("Endpoint URL").fill("http://user:pw@example.com/hook");
    await page.getByRole("button", { name: "Add endpoint" }).click();
    await expect(page.getByText("url must not hold a user name or password")).toBeVisible();
    await page.getByLabel("Endpoint URL").fill(receiver.url);
    await page.getByLabel("Description (optional)").fill("Order sync");
    await expectNoSeriousA11yViolations(page);
    await page.getByRole("button", { name: "Add endpoint" }).click();
    const secret = (await page.getByTestId("shown-once").textContent())!.trim();
    expect(secret).toMatch(/^whsec_/);

    await page.getByRole("link", { name: "Order sync" }).click();
    await expect(page.getByRole("heading", { level: 2, name: "Order sync" })).toBeVisible();
    await page.getByRole("button", { name: "Send a test event" }).click();
    await expect(page.getByText(/Test message delivered \(HTTP 204/)).toBeVisible();
    expect(receiver.received).toHaveLength(1);
    const test1 = receiver.received[0]!;
    expect(new Webhook(secret).verify(test1.raw, verifyHeaders(test1.headers))).toMatchObject({ type: "webhook.test" });
    const log = page.getByRole("table");
    await expect(log.getByRole("row").filter({ hasText: "webhook.test" })).toContainText("HTTP 204");
    await expectNoSeriousA11yViolations(page);

    // Rotation with an overlap: the next message carries both signatures, each verifying.
    await page.getByRole("button", { name: "Rotate secret" }).click();
    const rotated = page.getByTestId("shown-once");
    await expect(rotated).toHaveText(/^whsec_/);
    const newSecret = (await rotated.textContent())!.trim();
    expect(newSecret).not.toBe(secret);
    await expect(page.getByText(/The previous secret signs too until/)).toBeVisible();
    await page.getByRole("button", { name: "Send a test event" }).click();
    await expect.poll(() => receiver.received.length).toBe(2);
    const test2 = receiver.received[1]!;
    expect(new Webhook(secret).verify(test2.raw, verifyHeaders(test2.headers))).toEqual(JSON.parse(test2.raw));
    expect(new Webhook(newSecret).verify(test2.raw, verifyHeaders(test2.headers))).toEqual(JSON.parse(test2.raw));

    // A failing receiver: the log says so, and Send again retries it now (the same webhook-id).
    receiver.setRespond(() => 500);
    await page.getByRole("button", { name: "Send a test event" }).click();
    await expect(page.getByText(/Test message not delivered: HTTP 500/)).toBeVisible();
    receiver.setRespond(() => 204);
    const failed = log.getByRole("row").filter({ hasText: "HTTP 500" });
    await failed.getByRole("button", { name: "Send again" }).click();
    await expect(page.getByText(/Sent again: delivered \(HTTP 204\)/)).toBeVisible();
    expect(receiver.received.at(-1)!.id).toBe(receiver.received.at(-2)!.id);

    const endpointUrl = page.url();
    await page.getByRole("button", { name: "Delete", exact: true }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete endpoint" }).click();
    await expect(page).toHaveURL(/\/settings\/automations$/);
    await expect(page.getByText("No endpoints yet.")).toBeVisible();
    // Gone (as another org's endpoint would be): not found.
    expect((await page.goto(endpointUrl))!.status()).toBe(404);
  } finally {
    await receiver.close();
  }
});

test("API keys: create one shown once, use it within its scopes, revoke it", async ({ page, playwright, baseURL }) => {
  await signInDirectly(page, (await createOwnAccount("Keys")).email);
  await page.goto("/settings/api-keys");
  await expect(page.getByRole("heading", { level: 2, name: "New key" })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await page.getByLabel("Name", { exact: true }).fill("Read-only dashboard");
  for (const scope of ["Append events", "Close loops"]) await page.getByRole("checkbox", { name: new RegExp(scope) }).uncheck();
  await page.getByRole("button", { name: "Create key" }).click();
  const key = (await page.getByTestId("shown-once").textContent())!.trim();
  expect(key).toMatch(/^calm_/);
  const item = page.getByTestId("api-key").filter({ hasText: "Read-only dashboard" });
  await expect(item).toContainText("Read");
  await expect(item).toContainText("never used");
  await expectNoSeriousA11yViolations(page);

  const machine = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${key}` } });
  try {
    expect((await machine.get("/api/v1/loops/summary")).status()).toBe(200);
    const refused = await machine.post("/api/v1/events/append", { data: {} });
    expect(refused.status()).toBe(403);
    expect((await refused.json()).error.message).toContain('lacks the "append" scope');
    await page.reload();
    await expect(item).toContainText("last used");

    await item.getByRole("button", { name: "Revoke" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Revoke key" }).click();
    await expect(item).toContainText("Revoked");
    await expect(async () => expect((await machine.get("/api/v1/loops/summary")).status()).toBe(401)).toPass({ timeout: 5000 });
  } finally {
    await machine.dispose();
  }
});

test("the API reference works offline under the CSP and sends a request", async ({ page }) => {
  const elsewhere: string[] = [];
  page.on("request", (r) => {
    if (new URL(r.url()).hostname !== "127.0.0.1") elsewhere.push(r.url());
  });
  await page.goto("/docs/api");
  await expect(page.getByRole("heading", { level: 1, name: "Calm API reference" })).toBeVisible();
  const append = page.locator("#op-events-append");
  await expect(append).toContainText("POST/api/v1/events/append");
  await expect(append).toContainText("lead_created");
  await expectNoSeriousA11yViolations(page);
  const health = page.locator("#op-system-health");
  await health.getByText("Try it").click();
  await health.getByRole("button", { name: "Send GET /system/health" }).click();
  await expect(health.getByRole("status")).toContainText("HTTP 200");
  const doc = await page.request.get("/api/v1/openapi.json");
  expect((await doc.json()).openapi).toBe("3.1.0");
  expect(elsewhere, "requests to anywhere but the app (a CDN, fonts…)").toEqual([]);
});

test("a key past its rate gets 429 with Retry-After, on /api/trpc and /api/v1", async ({ playwright }) => {
  // A server of its own allowing one request a second per key: a second request right after the
  // first is over the limit (unless a whole second passed between them, hence several tries).
  const server = await startNextServer({ DATABASE_URL: process.env.E2E_DATABASE_URL!, API_KEY_RATE_LIMIT: "1", API_KEY_RATE_BURST: "1" });
  const { key } = await createDemoApiKey();
  const machine = await playwright.request.newContext({ baseURL: server.url, extraHTTPHeaders: { authorization: `Bearer ${key}` } });
  try {
    for (const path of ["/api/trpc/loops.summary", "/api/v1/loops/summary"]) {
      let limited: { retryAfter: string | undefined; body: string } | null = null;
      for (let i = 0; i < 10 && !limited; i++) {
        const res = await machine.get(path);
        expect([200, 429], path).toContain(res.status());
        if (res.status() === 429) limited = { retryAfter: res.headers()["retry-after"], body: await res.text() };
      }
      expect(limited, path).not.toBeNull();
      expect(Number(limited!.retryAfter), path).toBeGreaterThanOrEqual(1);
      expect(limited!.body, path).toContain("TOO_MANY_REQUESTS");
    }
  } finally {
    await machine.dispose();
    await server.stop();
  }
});
