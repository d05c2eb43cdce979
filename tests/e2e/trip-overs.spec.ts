import { randomUUID } from "node:crypto";
import { type Page, expect, test } from "./fixtures";
import { DAY, ago, api, entityUrl, quotedDeal, signIn, unpaidInvoice } from "./entity-fixtures";
import { loopOf, newLead } from "./helpers/demo";
import { loopRow } from "./helpers/loop-row";

// Issue 13, "what a new user tripped over": each with a test that fails on the code before it.

const slider = (page: Page) => page.getByRole("slider", { name: "Moment in this history" });
const APP_DATE_TIME = /^\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d$/;

test.beforeEach(async ({ page }) => {
  await signIn(page);
});

test("scrubbing adds history entries: Back steps back through the moments before it leaves the page", async ({ page }) => {
  const deal = await quotedDeal(page.request);
  await page.goto("/activity");
  await page.goto(entityUrl(deal));
  await expect(slider(page)).toBeEnabled();
  const title = page.getByTestId("moment-title");

  await page.getByRole("button", { name: "Previous event" }).click();
  await expect(page).toHaveURL(/asOf=/);
  const first = { url: page.url(), title: await title.textContent() };
  await page.getByRole("button", { name: "Previous event" }).click();
  await expect(page).not.toHaveURL(first.url);
  await expect(title).not.toHaveText(first.title!);

  await page.goBack();
  await expect(page).toHaveURL(first.url);
  await expect(title).toHaveText(first.title!);
  await page.goBack();
  await expect(page).toHaveURL(entityUrl(deal));
  await expect(title).toHaveText("Now");
  await page.goForward();
  await expect(title).toHaveText(first.title!);
  await page.goBack();
  await page.goBack();
  await expect(page).toHaveURL(/\/activity$/);
});

test.describe("at 390 px", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("the header fits: nothing wider than the screen, the status and the user's name shown whole", async ({ page }) => {
    for (const path of ["/", "/activity", "/entities"]) {
      await page.goto(path);
      await expect(page.getByTestId("status-line")).not.toHaveText("Checking…");
      expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390);
      expect(await page.locator("header").evaluate((h) => h.scrollWidth), path).toBeLessThanOrEqual(390);
      await expect(page.getByTestId("status-line")).toBeInViewport({ ratio: 1 });
      await expect(page.locator('header a[href="/account"]').getByText("Demo Baker", { exact: true })).toBeInViewport({ ratio: 1 });
      await expect(page.getByRole("button", { name: "New", exact: true })).toBeInViewport({ ratio: 1 });
    }
  });
});

test("/favicon.ico is served: no 404 and no console error on a page", async ({ page }) => {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  const res = await page.request.get("/favicon.ico");
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toMatch(/image\//);
  await page.goto("/activity");
  await expect(page.getByRole("heading", { level: 1, name: "Activity" })).toBeVisible();
  await page.waitForLoadState("networkidle");
  expect(errors).toEqual([]);
});

test("the past shows only the follow-ups that existed then, and recording waits until back to now", async ({ page }) => {
  const deal = await quotedDeal(page.request);
  // Scheduled now, about a deal whose history goes back ten days.
  await api(page.request).mutate("events.append", {
    id: randomUUID(),
    event_type: "followup_scheduled",
    occurred_at: new Date().toISOString(),
    primary_entity: { type: "followup", id: randomUUID() },
    payload: { due_at: ago(-2 * DAY), note: "Ask about the tasting", about: deal },
  });
  await expect(async () => {
    await page.goto(entityUrl(deal));
    await expect(page.getByTestId("followups-about")).toContainText("Ask about the tasting");
  }).toPass({ timeout: 15_000 });

  await page.getByRole("button", { name: "Previous event" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Where it stood then" })).toBeVisible();
  await expect(page.getByTestId("followups-about")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Add a note" })).toBeDisabled();
  await expect(page.getByTestId("record-past")).toContainText("What you record is added now.");

  await page.getByRole("button", { name: "Back to now" }).click();
  await expect(page.getByTestId("moment-title")).toHaveText("Now");
  await expect(page.getByRole("button", { name: "Add a note" })).toBeEnabled();
  await expect(page.getByTestId("followups-about")).toContainText("Ask about the tasting");
});

test("dates are typed and shown as the app writes them, not as the browser's locale does", async ({ page }) => {
  const deal = await quotedDeal(page.request);
  await page.goto(entityUrl(deal));
  await expect(slider(page)).toBeEnabled();
  const field = page.getByRole("textbox", { name: "Go to date and time" });
  await expect(field).toHaveValue(APP_DATE_TIME);
  // A day between the lead (10 days ago) and the quote request (8 days ago), typed as the app writes it.
  const nineDaysAgo = new Date(Date.now() - 9 * DAY);
  const typed = `${nineDaysAgo.getDate()} ${nineDaysAgo.toLocaleString("en-GB", { month: "short" })} ${nineDaysAgo.getFullYear()}, 12:00`;
  await field.fill(typed);
  await field.press("Enter");
  await expect(page.getByTestId("moment-title")).toHaveText(typed);
  await expect(field).toHaveValue(typed);
  await expect(page.getByTestId("as-of-state")).toContainText("StageNew lead");

  await field.fill("the day after tomorrow");
  await field.press("Enter");
  await expect(page.getByRole("alert").filter({ hasText: "Type a date and time such as" })).toBeVisible();
  await expect(page.getByTestId("moment-title")).toHaveText(typed);

  // The forms' date fields too: tidied to the app's format when left.
  await page.getByRole("button", { name: "Back to now" }).click();
  await page.getByRole("button", { name: "Schedule a follow-up" }).click();
  const due = page.getByRole("form", { name: "Schedule a follow-up" }).getByLabel("Follow up on");
  await due.fill("2031-03-04 10:30");
  await due.blur();
  await expect(due).toHaveValue("4 Mar 2031, 10:30");
});

test("“as the system saw it”: the slider's start never reads a later date than the moment shown", async ({ page }) => {
  const deal = await quotedDeal(page.request); // happened 10 to 5 days ago, all recorded just now
  await page.goto(entityUrl(deal));
  await page.getByRole("button", { name: "Previous event" }).click();
  await page.getByRole("button", { name: "Previous event" }).click(); // 8 days ago, as it happened
  const shown = await page.getByTestId("moment-title").textContent();
  await page.getByRole("radio", { name: "As the system saw it" }).check();
  await expect(page).toHaveURL(/basis=recorded/);
  await expect(page.getByTestId("moment-title")).toHaveText(shown!);
  const start = await page.getByTestId("slider-start").textContent();
  expect(Date.parse(start!)).toBeLessThanOrEqual(Date.parse(shown!.replace(",", "")));
  await expect(slider(page)).toHaveAttribute("aria-valuetext", /before anything about it was recorded/);
});

test("activity reads in the order things happened, and marks what was recorded late", async ({ page }) => {
  const deal = { type: "deal" as const, id: randomUUID() };
  const tag = randomUUID().slice(0, 6);
  await api(page.request).append(deal, [
    { event_type: "lead_created", occurred_at: ago(3 * DAY), payload: { name: `Order ${tag}` } },
    { event_type: "note_added", occurred_at: ago(43 * 60_000), payload: { text: `43 minutes ago ${tag}` } },
  ]);
  // Recorded after the other note, but it happened two days ago.
  await api(page.request).append(deal, [{ event_type: "note_added", occurred_at: ago(2 * DAY), payload: { text: `two days ago ${tag}` } }]);
  await page.goto("/activity");
  const entries = page.getByRole("list", { name: "Events, newest first" }).getByRole("listitem");
  const recent = entries.filter({ hasText: `43 minutes ago ${tag}` });
  const late = entries.filter({ hasText: `two days ago ${tag}` });
  // Other specs write meanwhile: older pages load until the entry two days back is in.
  for (let i = 0; i < 30 && (await late.count()) === 0; i++) {
    const count = await entries.count();
    await page.getByRole("button", { name: "Load more" }).click();
    await expect(entries).not.toHaveCount(count);
  }
  await expect(recent).toBeVisible();
  await expect(late).toBeVisible();
  const index = (text: string) => entries.evaluateAll((els, t) => els.findIndex((e) => e.textContent?.includes(t)), text);
  expect(await index(`43 minutes ago ${tag}`)).toBeLessThan(await index(`two days ago ${tag}`));
  await expect(late.getByTestId("late")).toContainText("Recorded 2 days later");
  await expect(recent.getByTestId("late")).toHaveCount(0);
});

test("a resolved overdue invoice says why it is closed though money is still owed", async ({ page }) => {
  const invoice = await unpaidInvoice(page.request);
  let loopId = "";
  await expect(async () => {
    const { loops } = await api(page.request).query<{ loops: { id: string; type: string; status: string }[] }>("entities.asOf", {
      ...invoice,
      asOf: new Date().toISOString(),
      basis: "recorded",
    });
    loopId = loops.find((l) => l.type === "invoice_overdue" && l.status === "active")!.id;
    expect((await page.request.post("/api/trpc/loops.resolve", { data: { loopId } })).status()).toBe(200);
  }).toPass({ timeout: 15_000 });
  await page.goto(entityUrl(invoice));
  await expect(page.getByTestId("as-of-state")).toContainText(/Still to pay€100\.00: no payment recorded; the overdue reminder was marked resolved by hand on \d+ \w+/);
});

test("the dismiss dialog: Enter confirms, Shift+Enter starts a new line, and it says so", async ({ page }) => {
  const lead = await newLead(page.request, "Enter to dismiss");
  await loopOf(page.request, lead.deal.id);
  await page.goto("/?show=all");
  const row = await loopRow(page, lead.title);
  await row.getByRole("button", { name: "Dismiss" }).click();
  const dialog = page.getByRole("dialog", { name: "Dismiss this loop?" });
  await expect(dialog).toContainText("Enter to dismiss · Shift+Enter for a new line");
  const field = dialog.getByRole("textbox");
  await field.pressSequentially("Sorted by phone");
  await field.press("Shift+Enter");
  await field.pressSequentially("and by email");
  await expect(field).toHaveValue("Sorted by phone\nand by email");
  await field.press("Enter");
  await expect(dialog).toBeHidden();
  await expect(row).toHaveCount(0);
  await expect(page.getByRole("status").filter({ hasText: `Dismissed: ${lead.title}` })).toBeVisible(); // the server has it
  await page.goto(entityUrl(lead.deal));
  await expect(page.getByText(/Sorted by phone\s+and by email/).first()).toBeVisible();
});

test("the toast does not cover the row beneath it", async ({ page }) => {
  const leads = [];
  for (let i = 0; i < 3; i++) leads.push(await newLead(page.request, `Toast ${i}`));
  for (const l of leads) await loopOf(page.request, l.deal.id);
  await page.goto("/?show=new_lead");
  const first = await loopRow(page, leads[0]!.title);
  await first.scrollIntoViewIfNeeded();
  // Bring the rows to the bottom of the window, where a toast appears.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await first.getByRole("button", { name: "Resolve" }).click();
  const toast = page.getByTestId("toast").first();
  await expect(toast).toBeVisible();
  const box = (await toast.boundingBox())!;
  for (const button of await page.locator("[data-loop-id] button").all()) {
    const b = await button.boundingBox();
    if (!b) continue;
    const overlaps = b.x < box.x + box.width && box.x < b.x + b.width && b.y < box.y + box.height && box.y < b.y + b.height;
    expect(overlaps, `${await button.textContent()} under the toast`).toBe(false);
  }
  // The next row took the focus, and its Resolve is clickable as is.
  await page.locator("[data-loop-id]:focus").getByRole("button", { name: "Resolve" }).click({ trial: true });
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("the toast leaves the loop that has the focus clear: the page makes room below it", async ({ page }) => {
    const leads = [];
    for (let i = 0; i < 3; i++) leads.push(await newLead(page.request, `Phone toast ${i}`));
    for (const l of leads) await loopOf(page.request, l.deal.id);
    await page.goto("/?show=new_lead");
    const first = await loopRow(page, leads[0]!.title);
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await first.getByRole("button", { name: "Resolve" }).click();
    const toast = page.getByTestId("toast").first();
    await expect(toast).toBeVisible();
    const box = (await toast.boundingBox())!;
    const focused = page.locator("[data-loop-id]:focus");
    await expect(focused).toHaveCount(1);
    await expect(async () => {
      const row = (await focused.boundingBox())!;
      expect(row.y + row.height).toBeLessThanOrEqual(box.y);
    }).toPass({ timeout: 5_000 });
    await focused.getByRole("button", { name: "Resolve" }).click({ trial: true });
  });
});
