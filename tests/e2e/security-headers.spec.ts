import { randomUUID } from "node:crypto";
import { type Page, expect, expectCspViolation, test } from "./fixtures";
import { signIn } from "./entity-fixtures";
import { startNextServer } from "./helpers/next-server";

// Issue 8, finding 6: security headers on every answer, and a strict nonce-based CSP on pages
// (that the pages pass: tests/e2e/fixtures.ts fails any test that meets a CSP violation).

const EVERYWHERE = {
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
  "cross-origin-opener-policy": "same-origin",
};

/** Playwright's responses list headers with headers(); fetch's with a Headers. */
type AnyResponse = { headers(): Record<string, string> } | globalThis.Response;

function expectBaseHeaders(res: AnyResponse, what: string) {
  const get = (name: string) => (res instanceof globalThis.Response ? res.headers.get(name) : res.headers()[name]) ?? undefined;
  for (const [name, value] of Object.entries(EVERYWHERE)) expect(get(name), `${what}: ${name}`).toBe(value);
  expect(get("permissions-policy"), what).toMatch(/camera=\(\).*geolocation=\(\)/);
  expect(get("x-powered-by"), what).toBeUndefined();
}

/** The nonce of a page's CSP, checking the policy is the strict one. */
function nonceOf(csp: string | undefined): string {
  expect(csp).toBeDefined();
  const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp!)?.[1];
  expect(nonce, csp).toBeDefined();
  expect(csp).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
  return nonce!;
}

test("pages carry a fresh nonce per answer, on every script Next renders, and the other headers", async ({ page }) => {
  const seen = new Set<string>();
  for (const path of ["/sign-in", "/sign-in"]) {
    const res = await page.request.get(path);
    expectBaseHeaders(res, path);
    const nonce = nonceOf(res.headers()["content-security-policy"]);
    seen.add(nonce);
    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    for (const attrs of scripts) expect(attrs, "every <script> carries the nonce").toContain(`nonce="${nonce}"`);
    expect(res.headers()["strict-transport-security"]).toBeUndefined(); // http here: no HSTS
  }
  expect(seen.size).toBe(2);
});

test("signed-in pages pass their CSP: dashboard, activity, an entity (the fixture fails on any violation)", async ({ page }) => {
  await signIn(page);
  const visits: [string, () => Promise<void>][] = [
    ["/", () => expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible()],
    ["/activity", () => expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible()],
    [`/entities/deal/${randomUUID()}`, () => expect(page.getByRole("heading", { name: "Nothing here" })).toBeVisible()],
  ];
  for (const [path, ready] of visits) {
    const res = await page.goto(path);
    nonceOf(res?.headers()["content-security-policy"]);
    expectBaseHeaders(res!, path);
    await ready();
  }
});

test("the dashboard cannot be framed by another site", async ({ page }) => {
  expectCspViolation(/frame-ancestors/);
  await signIn(page);
  const app = process.env.PLAYWRIGHT_TEST_BASE_URL!;
  // A page of another origin that frames the dashboard (clickjacking of Resolve / Dismiss).
  await page.route("http://evil.test/", (route) => route.fulfill({ contentType: "text/html", body: `<iframe id="f" src="${app}/"></iframe>` }));
  await framingPage(page);
  // The browser refuses to render the app inside the frame (it shows its own error page there):
  // no frame holds a document of the app, so there is no button to trick anyone into clicking.
  const frames = page.frames().filter((f) => f !== page.mainFrame());
  expect(frames).toHaveLength(1);
  expect(frames[0]!.url().startsWith(app), frames[0]!.url()).toBe(false);
});

async function framingPage(page: Page) {
  await page.goto("http://evil.test/");
  await page.waitForLoadState("load");
  await page.waitForTimeout(500); // let the frame's navigation settle (it is refused, or would render)
}

test("API answers get the same headers and a CSP that allows nothing", async ({ request }) => {
  for (const path of ["/api/health", "/api/trpc/system.health"]) {
    const res = await request.get(path);
    expectBaseHeaders(res, path);
    expect(res.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
  }
});

test("an https public URL turns on HSTS and upgrade-insecure-requests", async () => {
  const server = await startNextServer({ APP_URL: "https://calm.example.com", DATABASE_URL: process.env.E2E_DATABASE_URL! });
  try {
    const res = await fetch(`${server.url}/sign-in`);
    expect(res.headers.get("strict-transport-security")).toBe("max-age=31536000");
    expect(res.headers.get("content-security-policy")).toContain("upgrade-insecure-requests");
    expectBaseHeaders(res, "/sign-in over an https APP_URL");
  } finally {
    await server.stop();
  }
});
