import { mkdir } from "node:fs/promises";
import path from "node:path";
import { type Browser, type Page, chromium } from "@playwright/test";

/**
 * The README's pictures (docs/screenshots), taken from a running app signed in as the demo owner:
 *   CALM_URL=http://127.0.0.1:3000 CALM_EMAIL=demo@calm.local CALM_PASSWORD=… npx tsx scripts/screenshots.ts
 * Chromium: CHROMIUM_PATH, else Debian's /usr/bin/chromium.
 */
const url = process.env.CALM_URL ?? "http://127.0.0.1:3000";
const email = process.env.CALM_EMAIL ?? "demo@calm.local";
const password = process.env.CALM_PASSWORD ?? "";
const out = path.resolve(import.meta.dirname, "../docs/screenshots");

async function signedIn(browser: Browser, opts: { width: number; height: number; dark?: boolean }): Promise<Page> {
  const context = await browser.newContext({
    baseURL: url,
    viewport: { width: opts.width, height: opts.height },
    colorScheme: opts.dark ? "dark" : "light",
    reducedMotion: "reduce",
  });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => u.pathname === "/");
  await page.getByTestId("status-line").filter({ hasNotText: "Checking…" }).waitFor();
  return page;
}

const shot = (page: Page, name: string, fullPage = false) => page.screenshot({ path: path.join(out, `${name}.png`), fullPage });

await mkdir(out, { recursive: true });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
try {
  for (const dark of [false, true]) {
    const page = await signedIn(browser, { width: 1280, height: 900, dark });
    await page.locator("[data-loop-id]").first().waitFor();
    await shot(page, dark ? "dashboard-dark" : "dashboard", true);
    if (dark) continue;

    await page.locator("[data-loop-id]").first().getByRole("button", { name: "Snooze" }).click();
    await page.getByRole("menu").waitFor();
    await shot(page, "snooze-menu");
    await page.keyboard.press("Escape");

    await page.keyboard.press("Control+k");
    const switcher = page.getByRole("dialog", { name: "Find anything" });
    await switcher.getByRole("combobox").fill("inv");
    await switcher.getByRole("option").first().waitFor();
    await page.waitForTimeout(400); // the answer to the whole word, not to its first letters
    await shot(page, "quick-switcher");
    await page.keyboard.press("Escape");
    await page.keyboard.press("Escape");

    await page.keyboard.press("n");
    await page.getByRole("menuitem", { name: "New lead" }).click();
    const lead = page.getByRole("dialog", { name: "New lead" });
    await lead.getByLabel("Name", { exact: true }).fill("Wedding cake, three tiers");
    await lead.getByLabel("Source").fill("website");
    await lead.getByRole("radio", { name: "A new client" }).check();
    await lead.getByLabel("Client's name").fill("Ada Lovelace");
    await lead.getByLabel("Email").fill("ada@example.com");
    await shot(page, "new-lead");
    await page.keyboard.press("Escape");

    await page.goto("/entities");
    await page.locator("main ol > li").first().waitFor();
    await shot(page, "directory");

    // A deal with a history: one whose quote was sent, scrubbed back before it.
    await page.goto("/entities?type=deal");
    const quoted = page.locator("main ol > li").filter({ hasText: "Quote sent" }).first().locator("a");
    await page.goto((await quoted.getAttribute("href"))!);
    await page.getByRole("button", { name: "Previous event" }).click();
    await page.getByRole("button", { name: "Previous event" }).click();
    await page.locator("[data-stale]").waitFor({ state: "detached" });
    await shot(page, "timeline", true);

    // The dashboard three days back (the time machine).
    await page.goto("/");
    await page.getByRole("button", { name: "Look back in time" }).click();
    for (let i = 0; i < 3; i++) await page.getByRole("button", { name: "Previous day" }).click();
    await page.locator("[data-stale]").waitFor({ state: "detached" });
    await page.locator("[data-loop-id]").first().waitFor();
    await shot(page, "time-machine");
  }
  const phone = await signedIn(browser, { width: 390, height: 844 });
  await phone.locator("[data-loop-id]").first().waitFor();
  await shot(phone, "phone");
} finally {
  await browser.close();
}
