import { expect, test } from "@playwright/test";

// The smoke test of the pipeline: a built app, its database, a real browser.
test("GET /api/health answers with the database up", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  const body = (await res.json()) as { status: string; database: { up: boolean } };
  expect(body.database.up).toBe(true);
  expect(body.status).toBe("ok");
});

test("the home page renders", async ({ page }) => {
  const res = await page.goto("/");
  expect(res?.status()).toBeLessThan(400);
  await expect(page).toHaveTitle(/Calm/);
  await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
});
