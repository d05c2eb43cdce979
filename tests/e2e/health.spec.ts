import { expect, test } from "./fixtures";
import { signInAsDemo } from "./helpers/demo";

// The smoke test of the pipeline: a built app, its database, a real browser.
test("GET /api/health answers 200 with status words only, for anyone", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  const body = (await res.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ status: "ok", database: "up", projector: "ok", timeMachine: "ok", redis: "off" });
  // Issue 8, finding 4: no figures, positions, ages or error text for the public.
  for (const [key, value] of Object.entries(body)) expect(typeof value, key).toBe("string");
  expect(Object.keys(body).sort()).toEqual(["checkedAt", "database", "delivery", "projector", "redis", "relay", "status", "timeMachine"]);
});

test("the full report needs the worker secret or a signed-in session", async ({ request, page }) => {
  const full = await request.get("/api/health", { headers: { authorization: `Bearer ${process.env.WORKER_SECRET}` } });
  expect(full.status()).toBe(200);
  expect(await full.json()).toMatchObject({ status: "ok", database: { up: true }, subscribers: [expect.objectContaining({ id: "open-loops" }), expect.objectContaining({ id: "loop-history" })] });

  for (const authorization of [`Bearer ${process.env.WORKER_SECRET}x`, "Bearer calm_not-a-key", "Basic abc"]) {
    const words = await request.get("/api/health", { headers: { authorization } });
    expect((await words.json()) as unknown).toMatchObject({ database: "up" });
  }

  await signInAsDemo(page);
  const signedIn = await page.request.get("/api/health");
  expect(await signedIn.json()).toMatchObject({ database: { up: true } });
  // The dashboard's status line reads the full report (system.healthReport) with the session.
  await expect(page.getByTestId("status-line")).toHaveText(/Caught up|Catching up|Lagging/);
});

test("the home page renders", async ({ page }) => {
  const res = await page.goto("/");
  expect(res?.status()).toBeLessThan(400);
  await expect(page).toHaveTitle(/Calm/);
  await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
});
