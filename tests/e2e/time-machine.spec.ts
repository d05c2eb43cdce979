import { randomUUID } from "node:crypto";
import { type APIRequestContext, type Page, expect, test } from "./fixtures";
import { expectNoSeriousA11yViolations } from "./helpers/axe";
import { trpc } from "./helpers/demo";
import { createOwnAccount } from "./helpers/own-account";
import { signInDirectly } from "./helpers/session";

// Issue 14, item 3: the dashboard's time machine and "what changed since". Each test has an org
// of its own, so what the dashboard shows at a moment is exactly what the test wrote.

const DAY = 86_400_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

const row = (page: Page, title: string) => page.getByRole("article", { name: title });
const slider = (page: Page) => page.getByRole("slider", { name: "Moment to show the dashboard at" });
const banner = (page: Page) => page.getByTestId("past-banner");

test.beforeEach(async ({ page }) => {
  await signInDirectly(page, (await createOwnAccount("Time machine")).email);
});

/** A lead that happened `daysAgo` (recorded now, like every event here): its new_lead loop opened then. */
async function leadFrom(request: APIRequestContext, label: string, daysAgo: number) {
  const name = `${label} ${randomUUID().slice(0, 6)}`;
  const deal = { type: "deal" as const, id: randomUUID() };
  await trpc(request).mutate("events.append", {
    id: randomUUID(),
    event_type: "lead_created",
    occurred_at: ago(daysAgo * DAY),
    primary_entity: deal,
    payload: { name, source: "e2e" },
  });
  return { name, deal, title: `Reply to new lead: ${name}` };
}

async function openTimeMachine(page: Page) {
  await page.getByRole("button", { name: "Look back in time" }).click();
  await expect(slider(page)).toBeEnabled(); // hydrated
}

test("scrubbing back to before a loop opened hides it, forward brings it back; the past is read-only", async ({ page }) => {
  const old = await leadFrom(page.request, "Old lead", 10);
  const fresh = await leadFrom(page.request, "Fresh lead", 3);
  await page.goto("/");
  await expect(row(page, fresh.title)).toBeVisible();
  await expect(row(page, fresh.title).getByRole("button", { name: "Resolve" })).toBeVisible();
  await expect(page.locator("[data-live]")).toHaveAttribute("data-live", "on");

  // A day a key: four days back, before the fresh lead came in.
  await openTimeMachine(page);
  await slider(page).focus();
  for (let i = 0; i < 4; i++) await page.keyboard.press("ArrowLeft");
  await expect(slider(page)).toHaveAttribute("aria-valuetext", /4 days ago$/);
  await expect(row(page, fresh.title)).toHaveCount(0);
  await expect(row(page, old.title)).toBeVisible();
  await expect(page).toHaveURL(/[?&]asOf=[^&]+&basis=occurred/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("As it was");
  await expect(banner(page)).toContainText("Showing your loops as they were on");
  await expect(banner(page)).toContainText("as it happened");
  // Live updates pause in the past.
  await expect(page.locator("[data-live]")).toHaveAttribute("data-live", "paused");

  // Read-only: no actions on the loops, and their keys do nothing.
  for (const name of ["Resolve", "Dismiss", "Snooze"]) await expect(page.getByRole("button", { name, exact: true })).toHaveCount(0);
  await page.keyboard.press("Escape");
  await page.locator("body").click({ position: { x: 1, y: 1 } });
  await page.keyboard.press("j");
  await expect(row(page, old.title)).toBeFocused();
  await page.keyboard.press("r");
  await page.keyboard.press("d");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(page.getByTestId("toast")).toHaveCount(0);
  // Its link opens the entity at the same moment.
  await expect(row(page, old.title).getByRole("link")).toHaveAttribute("href", /\/entities\/deal\/[0-9a-f-]+\?asOf=.+&basis=occurred$/);
  await expectNoSeriousA11yViolations(page);

  // Forward again: the lead is back once the moment passes its arrival; Now is the live dashboard.
  await slider(page).focus();
  for (let i = 0; i < 2; i++) await page.keyboard.press("ArrowRight");
  await expect(row(page, fresh.title)).toBeVisible();
  await expect(banner(page)).toBeVisible();
  await banner(page).getByRole("button", { name: "Back to now" }).click();
  await expect(page).not.toHaveURL(/asOf=/);
  await expect(banner(page)).toHaveCount(0);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Today");
  await expect(row(page, fresh.title).getByRole("button", { name: "Resolve" })).toBeVisible();
  await expect(page.locator("[data-live]")).not.toHaveAttribute("data-live", "paused");

  // The loops were never touched.
  const list = await trpc(page.request).query<{ items: { entity_id: string }[] }>("loops.list", { limit: 50 });
  expect(list.items.map((l) => l.entity_id).sort()).toEqual([old.deal.id, fresh.deal.id].sort());
});

test("the basis switch tells a late-recorded lead apart; a deep link reloads to the same view", async ({ page }) => {
  // It happened three days ago, but the system heard of it only now.
  const late = await leadFrom(page.request, "Late lead", 3);
  const asOf = ago(DAY);
  // The time machine answers from the loop history, which its own subscriber writes after the
  // append: the page below is loaded once, so wait for the history to hold the lead (CI once, on a
  // loaded machine, loaded it before).
  await expect(async () => {
    const past = await trpc(page.request).query<{ items: { entity_name: string | null }[] }>("loops.list", { asOf, basis: "occurred", status: "active" });
    expect(past.items.map((i) => i.entity_name)).toContain(late.name);
  }).toPass({ timeout: 15_000 });
  await page.goto(`/?asOf=${encodeURIComponent(asOf)}&basis=occurred&show=all`);
  await expect(row(page, late.title)).toBeVisible();
  await expect(page.getByRole("radio", { name: "As it happened" })).toBeChecked();

  await page.getByRole("radio", { name: "As the system saw it" }).check();
  await expect(row(page, late.title)).toHaveCount(0);
  await expect(page.getByTestId("empty-state")).toContainText("Nothing needed you then.");
  await expect(banner(page)).toContainText("as the system saw it");
  await expect(page).toHaveURL(/basis=recorded/);
  const url = new URL(page.url());
  expect(url.searchParams.get("show")).toBe("all");
  expect(Date.parse(url.searchParams.get("asOf")!)).toBe(Date.parse(asOf));
  await expectNoSeriousA11yViolations(page);

  const title = await page.getByTestId("moment-title").textContent();
  await page.reload();
  await expect(page.getByRole("radio", { name: "As the system saw it" })).toBeChecked();
  await expect(page.getByTestId("moment-title")).toHaveText(title!);
  await expect(page.getByTestId("empty-state")).toBeVisible();
  await page.getByRole("radio", { name: "As it happened" }).check();
  await expect(row(page, late.title)).toBeVisible();
  await expect(page.getByRole("group", { name: "Show only" }).getByRole("button", { name: /^All 1$/ })).toHaveAttribute("aria-pressed", "true");

  // A moment in the future is now: the live dashboard.
  await page.goto(`/?asOf=${encodeURIComponent(new Date(Date.now() + DAY).toISOString())}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Today");
  await expect(row(page, late.title).getByRole("button", { name: "Resolve" })).toBeVisible();
});

test("browser Back steps back through the moments visited, then to now", async ({ page }) => {
  await leadFrom(page.request, "Steps", 5);
  await page.goto("/");
  await openTimeMachine(page);
  const previous = page.getByRole("button", { name: "Previous day" });
  await previous.click();
  await expect(page).toHaveURL(/asOf=/);
  const oneDay = new URL(page.url()).searchParams.get("asOf");
  await expect(slider(page)).toHaveAttribute("aria-valuetext", /1 day ago$/);
  await previous.click();
  await expect(slider(page)).toHaveAttribute("aria-valuetext", /2 days ago$/);
  await page.getByLabel("Go to date and time").fill("1 Jan 2026, 09:00");
  await page.getByLabel("Go to date and time").press("Enter");
  await expect(page.getByTestId("moment-title")).toHaveText("1 Jan 2026, 09:00");

  await page.goBack();
  await expect(slider(page)).toHaveAttribute("aria-valuetext", /2 days ago$/);
  await page.goBack();
  await expect(slider(page)).toHaveAttribute("aria-valuetext", /1 day ago$/);
  expect(new URL(page.url()).searchParams.get("asOf")).toBe(oneDay);
  await page.goBack();
  await expect(page).not.toHaveURL(/asOf=/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Today");
  await page.goForward();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("As it was");
  expect(new URL(page.url()).searchParams.get("asOf")).toBe(oneDay);
});

test("the Since view lists what opened and what closed, each linking to its entity", async ({ page }) => {
  const lead = await leadFrom(page.request, "Since", 3);
  // Quoted now: the new-lead loop closes, a decision loop opens.
  await trpc(page.request).mutate("events.append", {
    id: randomUUID(),
    event_type: "quote_sent",
    occurred_at: new Date().toISOString(),
    primary_entity: lead.deal,
    payload: { amount_cents: 50_000, currency: "EUR" },
  });
  const decision = `Check in on the quote for ${lead.name}`;

  // From the dashboard: a first visit on this browser looks back a day.
  await page.goto("/");
  await expect(row(page, decision)).toBeVisible();
  await page.getByRole("link", { name: "What changed in the last day" }).click();
  await expect(page).toHaveURL(/\/since$/);
  await expect(page.getByTestId("since-counts")).toHaveText("1 opened, 1 closed.");
  const opened = page.getByRole("region", { name: /^Opened/ });
  const closed = page.getByRole("region", { name: /^Closed/ });
  await expect(opened.getByRole("link", { name: decision })).toBeVisible();
  await expect(closed.getByRole("link", { name: lead.title })).toBeVisible();
  await expect(closed).toContainText("Resolved");
  await expectNoSeriousA11yViolations(page);

  // Deep link, further back: the lead opened three days ago, and fell due a day later (time).
  await page.goto(`/since?from=${encodeURIComponent(ago(5 * DAY))}`);
  await expect(page.getByTestId("since-counts")).toHaveText("2 opened, 1 became urgent, 1 closed.");
  const urgent = page.getByRole("region", { name: /^Became urgent/ });
  await expect(urgent.getByTestId("time-cause")).toHaveText("fell due");
  await expect(page.getByTestId("since-moment")).toContainText("as it happened");
  await page.getByRole("radio", { name: "As the system saw it" }).check();
  await expect(page).toHaveURL(/basis=recorded/);
  // As the system saw it, all of it arrived now: the lead opened already overdue, then closed.
  await expect(page.getByTestId("since-counts")).toHaveText(/opened.*closed\.$/);
  await page.getByRole("region", { name: /^Closed/ }).getByRole("link", { name: lead.title }).click();
  await expect(page).toHaveURL(new RegExp(`/entities/deal/${lead.deal.id}$`));
});
