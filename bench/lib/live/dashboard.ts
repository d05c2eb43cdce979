import type { Browser, Page } from "@playwright/test";
import { type ApiClient, wallNow } from "./http-client";

/**
 * Records, in the page, the wall-clock moment each loop row is first laid out (a MutationObserver,
 * so Playwright's polling adds nothing to the figure).
 */
const WATCH_LOOPS = `(() => {
  window.__seen = {};
  const check = () => {
    for (const el of document.querySelectorAll("article[data-loop-id]")) {
      const id = el.getAttribute("data-loop-id");
      if (window.__seen[id] === undefined && el.getBoundingClientRect().height > 0) window.__seen[id] = performance.timeOrigin + performance.now();
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
  check();
})()`;

/** A signed-in dashboard (through the sign-in form, as a person would), live stream connected. */
export async function openDashboard(browser: Browser, baseUrl: string, email: string, password: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: baseUrl });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => u.pathname === "/", { timeout: 30_000 });
  await page.locator('[data-live="on"]').waitFor({ timeout: 30_000 });
  await page.evaluate(WATCH_LOOPS);
  return page;
}

/**
 * `samples` times: another client appends a lead over HTTP; the time until its loop is laid out on
 * the open dashboard, which nobody reloads (the live stream tells it to refetch). Milliseconds each.
 */
export async function appendToVisible(page: Page, api: ApiClient, samples: number, firstSample = 0): Promise<number[]> {
  const out: number[] = [];
  await page.evaluate("window.__marker = 1");
  for (let i = 0; i < samples; i++) {
    const t0 = wallNow();
    const loop = await api.appendLead(firstSample + i);
    const seenAt = (await (
      await page.waitForFunction((id) => (window as unknown as { __seen: Record<string, number> }).__seen[id], loop, { timeout: 30_000, polling: 20 })
    ).jsonValue()) as number;
    out.push(seenAt - t0);
    // Past the live stream's coalescing window (150 ms), so each sample starts from a quiet stream.
    await new Promise((r) => setTimeout(r, 250 + Math.random() * 150));
  }
  if ((await page.evaluate("window.__marker")) !== 1) throw new Error("the dashboard reloaded during the run");
  return out;
}
