import { randomUUID } from "node:crypto";
import { expect, test } from "./fixtures";
import { expectNoSeriousA11yViolations } from "./helpers/axe";
import { newLead, signInAsDemo, trpc } from "./helpers/demo";

test.beforeEach(async ({ page }) => {
  await signInAsDemo(page);
});

test("the feed shows the org's events newest first, in words, linking to their entity", async ({ page }) => {
  const lead = await newLead(page.request, "Feed lead");
  const text = `Asked for a tasting on Friday ${randomUUID().slice(0, 6)}`;
  await trpc(page.request).mutate("events.append", {
    id: randomUUID(),
    event_type: "note_added",
    occurred_at: new Date().toISOString(),
    primary_entity: lead.deal,
    payload: { text },
  });

  await page.goto("/activity");
  await expect(page.getByRole("heading", { level: 1, name: "Activity" })).toBeVisible();
  const entries = page.getByRole("list", { name: "Events, newest first" }).getByRole("listitem");
  const note = entries.filter({ hasText: text });
  const created = entries.filter({ hasText: "New lead" }).filter({ hasText: lead.name });
  await expect(note).toContainText("Note added");
  await expect(note).toContainText("by You");
  await expect(note.locator("time")).toHaveText("just now");
  await expect(note.locator("time")).toHaveAttribute("title", /\d{4}, \d\d:\d\d$/);
  await expect(created).toContainText("via e2e");
  // Newest first: the note was appended after the lead.
  const order = await entries.evaluateAll((els, t) => els.findIndex((e) => e.textContent?.includes(t)), text);
  const leadAt = await entries.evaluateAll((els, n) => els.findIndex((e) => e.textContent?.includes(n) && e.textContent.includes("New lead")), lead.name);
  expect(order).toBeGreaterThanOrEqual(0);
  expect(order).toBeLessThan(leadAt);

  const link = note.getByRole("link", { name: lead.name });
  await expect(link).toHaveAttribute("href", `/entities/deal/${lead.deal.id}`);
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/entities/deal/${lead.deal.id}$`), { timeout: 15_000 });
});

test("older events load on demand", async ({ page }) => {
  await page.goto("/activity");
  const entries = page.getByRole("list", { name: "Events, newest first" }).getByRole("listitem");
  await expect(entries).toHaveCount(30);
  const firstPage = await entries.evaluateAll((els) => els.map((e) => e.textContent));
  await page.getByRole("button", { name: "Load more" }).click();
  await expect(entries).toHaveCount(60);
  // The second page continues the first: nothing repeated.
  const all = await entries.evaluateAll((els) => els.map((e) => e.textContent));
  expect(all.slice(0, 30)).toEqual(firstPage);
});

test("the activity page has no serious accessibility problems", async ({ page }) => {
  await page.goto("/activity");
  await expect(page.getByRole("list", { name: "Events, newest first" })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});
