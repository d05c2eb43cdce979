import { type Page, expect, test } from "./fixtures";
import { expectNoSeriousA11yViolations } from "./helpers/axe";
import { type Loop, loopOf, newLead, signInAsDemo, trpc } from "./helpers/demo";
import { loopRow } from "./helpers/loop-row";

// Issue 13, item 4: snooze and undo, from the dashboard.

const row = (page: Page, title: string) => page.getByRole("article", { name: title });
const toast = (page: Page, text: string | RegExp) => page.getByTestId("toast").filter({ hasText: text });

test.beforeEach(async ({ page }) => {
  await signInAsDemo(page);
});

test("snoozing takes a loop off the lists until it wakes; the Snoozed filter shows it; Undo brings it back", async ({ page }) => {
  const lead = await newLead(page.request, "Snooze me");
  await loopOf(page.request, lead.deal.id);
  await page.goto("/?show=all");
  await (await loopRow(page, lead.title)).getByRole("button", { name: "Snooze" }).click();
  const menu = page.getByRole("menu", { name: "Snooze" });
  await expect(menu.getByRole("menuitem").first()).toBeFocused();
  // Quick choices in the browser's time zone, in the app's format; "Pick a date…" last.
  await expect(menu.getByRole("menuitem", { name: /^Tomorrow morning/ })).toContainText(/\w{3} \d{1,2} \w{3}, 09:00$/);
  await expect(menu.getByRole("menuitem").last()).toHaveText("Pick a date…");
  await expectNoSeriousA11yViolations(page);
  await menu.getByRole("menuitem", { name: /^Tomorrow morning/ }).click();

  await expect(row(page, lead.title)).toHaveCount(0);
  await expect(toast(page, `Snoozed until`)).toContainText(lead.title);
  const snoozed = await trpc(page.request).query<{ items: (Loop & { snoozed_until: string })[] }>("loops.list", { snoozed: "only", limit: 200 });
  const until = new Date(snoozed.items.find((l) => l.entity_id === lead.deal.id)!.snoozed_until);
  expect([until.getHours(), until.getMinutes()]).toEqual([9, 0]); // 09:00 where the browser is

  await page.getByRole("group", { name: "Show only" }).getByRole("button", { name: /^Snoozed \d+$/ }).click();
  await expect(page).toHaveURL(/\?show=snoozed$/);
  const sleeping = row(page, lead.title);
  await expect(sleeping).toContainText(/Snoozed until \w{3} \d{1,2} \w{3}, 09:00/);
  await sleeping.getByRole("button", { name: "Wake now" }).click();
  await expect(toast(page, "Back on your list")).toBeVisible();
  await expect(sleeping).toHaveCount(0);
  await page.goto("/?show=all");
  await expect(await loopRow(page, lead.title)).toBeVisible();

  // Snooze again, and undo from the toast.
  await row(page, lead.title).getByRole("button", { name: "Snooze" }).click();
  await page.getByRole("menuitem", { name: /^Next Monday/ }).click();
  await expect(row(page, lead.title)).toHaveCount(0);
  await toast(page, "Snoozed until").last().getByRole("button", { name: "Undo" }).click();
  await expect(toast(page, "Undone, back on your list")).toBeVisible();
  await expect(row(page, lead.title)).toBeVisible();
});

test("Undo after a resolve (its button) and after a dismiss (the key u) reopens the loop", async ({ page }) => {
  const lead = await newLead(page.request, "Undo me");
  await loopOf(page.request, lead.deal.id);
  await page.goto("/?show=all");
  await (await loopRow(page, lead.title)).getByRole("button", { name: "Resolve" }).click();
  await expect(row(page, lead.title)).toHaveCount(0);
  await toast(page, `Resolved: ${lead.title}`).getByRole("button", { name: "Undo" }).click();
  await expect(row(page, lead.title)).toBeVisible();
  const reopened = (await trpc(page.request).query<{ items: (Loop & { reopened_by_event_id: string | null })[] }>("loops.list", { type: "new_lead", limit: 200 })).items.find(
    (l) => l.entity_id === lead.deal.id,
  );
  expect(reopened?.reopened_by_event_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

  await row(page, lead.title).getByRole("button", { name: "Dismiss" }).click();
  await page.getByRole("dialog", { name: "Dismiss this loop?" }).getByRole("textbox").press("Enter");
  await expect(row(page, lead.title)).toHaveCount(0);
  await expect(toast(page, `Dismissed: ${lead.title}`)).toBeVisible();
  await page.keyboard.press("u");
  await expect(row(page, lead.title)).toBeVisible();
  await expect(toast(page, "Undone, back on your list")).toHaveCount(2); // the resolve's undo, and this one
});

test("pick a date: typed in the app's format, refused when it is past or too far, then snoozed", async ({ page }) => {
  const lead = await newLead(page.request, "Pick a date");
  await loopOf(page.request, lead.deal.id);
  await page.goto("/?show=all");
  await (await loopRow(page, lead.title)).getByRole("button", { name: "Snooze" }).click();
  await page.getByRole("menuitem", { name: "Pick a date…" }).click();
  const dialog = page.getByRole("dialog", { name: "Snooze until…" });
  await expect(dialog).toContainText(lead.title);
  const field = dialog.getByLabel("Until");
  await expect(field).toHaveValue(/^\d{1,2} \w{3} \d{4}, 09:00$/); // tomorrow morning, to start from
  await expectNoSeriousA11yViolations(page);

  await field.fill("1 Jan 2020, 10:00");
  await field.press("Enter");
  await expect(dialog.getByRole("alert")).toHaveText("Pick a moment later than now.");
  const far = new Date();
  far.setFullYear(far.getFullYear() + 2);
  await field.fill(`${far.getDate()} ${far.toLocaleString("en-GB", { month: "short" })} ${far.getFullYear()}, 10:00`);
  await field.press("Enter");
  await expect(dialog.getByRole("alert")).toHaveText("Pick a moment at most a year ahead.");
  const soon = new Date(Date.now() + 3 * 86_400_000);
  await field.fill(`${soon.getDate()} ${soon.toLocaleString("en-GB", { month: "short" })} ${soon.getFullYear()}, 14:30`);
  await field.press("Enter");
  await expect(dialog).toBeHidden();
  await expect(row(page, lead.title)).toHaveCount(0);
  await expect(toast(page, "Snoozed until").last()).toContainText("14:30");
});

test("a snoozed loop comes back by itself when its snooze ends", async ({ page }) => {
  const lead = await newLead(page.request, "Short nap");
  const loop = await loopOf(page.request, lead.deal.id);
  await trpc(page.request).mutate("loops.snooze", { loopId: loop.id, until: new Date(Date.now() + 10_000).toISOString() });
  await page.goto("/?show=new_lead");
  await expect(page.locator("[data-loop-id]").first()).toBeVisible();
  const snoozed = await trpc(page.request).query<{ items: Loop[] }>("loops.list", { snoozed: "only", type: "new_lead", limit: 200 });
  expect(snoozed.items.map((l) => l.id)).toContain(loop.id);
  // No action, no reload: once its snooze ends the dashboard has it back (live, or its 15 s refresh).
  await expect(async () => {
    await loopRow(page, lead.title);
  }).toPass({ timeout: 40_000 });
});
