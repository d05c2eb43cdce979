import { type Page, expect, test } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./helpers/axe";
import { DEMO_EMAIL, DEMO_PASSWORD, signInAsDemo } from "./helpers/demo";

const WRONG = "That email and password don't match. Check them and try again.";

/** Submits and waits for the server's answer (the form resets its fields when the answer lands). */
async function submit(page: Page) {
  const answered = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/sign-in");
  await page.getByRole("button", { name: "Sign in" }).click();
  await answered;
  await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
}

test("pages other than sign-in need a session", async ({ page }) => {
  for (const path of ["/", "/activity"]) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/sign-in$/);
  }
});

test("a wrong password and an unknown email get the same message; the right ones land on the dashboard", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(DEMO_EMAIL);
  await page.getByLabel("Password").fill("not the password");
  await submit(page);
  await expect(page.getByRole("alert").filter({ hasText: WRONG })).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue(DEMO_EMAIL); // kept, so only the password needs retyping
  await expect(page.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");

  await page.getByLabel("Email").fill("nobody@calm.local");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await submit(page);
  await expect(page.getByRole("alert").filter({ hasText: WRONG })).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in$/);

  await page.getByLabel("Email").fill(DEMO_EMAIL.toUpperCase());
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { level: 1, name: "Today" })).toBeVisible();
  await expect(page.getByRole("banner")).toContainText("Demo Bakery");
});

test("the session cookie is httpOnly, and signing out ends it", async ({ page, context }) => {
  await signInAsDemo(page);
  const cookie = (await context.cookies()).find((c) => c.name === "calm_session");
  expect(cookie?.httpOnly).toBe(true);
  expect(cookie?.sameSite).toBe("Lax");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in$/);
  // Signed out, the API refuses this browser too.
  const res = await page.request.get("/api/trpc/loops.summary");
  expect(res.status()).toBe(401);
});

test("the sign-in page has no serious accessibility problems", async ({ page }) => {
  await page.goto("/sign-in");
  await expectNoSeriousA11yViolations(page);
  // With the error showing, too.
  await page.getByLabel("Email").fill(DEMO_EMAIL);
  await page.getByLabel("Password").fill("nope");
  await submit(page);
  await expect(page.getByRole("alert").filter({ hasText: WRONG })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});
