import { randomUUID } from "node:crypto";
import { type Page, expect, test } from "./fixtures";
import { createPool } from "../../src/server/db/pool";
import { createOrg } from "../../src/server/orgs/create-org";
import { expectNoSeriousA11yViolations } from "./helpers/axe";
import { trpc } from "./helpers/demo";

// Issue 13, item 5: calm at any volume. An org with 249 loops needing attention used to show a
// wall of 25 rows and "Show more"; its first screen now shows what to do first, and the rest by kind.

const DAY = 86_400_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const section = (page: Page, name: string) => page.getByRole("region", { name: new RegExp(`^${name}`) });

test("249 loops needing attention: seven to do first, the rest summarised by kind with a way into each", async ({ page, playwright, baseURL }) => {
  const pool = createPool(process.env.E2E_DATABASE_URL!, 1);
  const org = await createOrg(pool, { name: `Busy Bakery ${randomUUID().slice(0, 6)}`, password: "busy-bakery-password" }).finally(() => pool.end());
  const actor = { id: randomUUID(), type: "system" };
  const event = (event_type: string, type: string, id: string, occurred_at: string, payload: object) => ({
    id: randomUUID(), event_type, occurred_at, actor, primary_entity: { type, id }, payload,
  });
  const leads = Array.from({ length: 230 }, (_, i) => event("lead_created", "deal", randomUUID(), ago((2 + (i % 4)) * DAY), { name: `Lead ${i + 1}` }));
  const quotes = Array.from({ length: 15 }, (_, i) => {
    const id = randomUUID();
    return [
      event("lead_created", "deal", id, ago(9 * DAY), { name: `Quote ${i + 1}` }),
      event("quote_requested", "deal", id, ago(8 * DAY), { due_at: ago(6 * DAY) }),
    ];
  }).flat();
  const invoice = (n: string, cents: number, overdueDays: number) =>
    event("invoice_issued", "invoice", randomUUID(), ago((overdueDays + 14) * DAY), { number: n, amount_cents: cents, currency: "EUR", due_at: ago(overdueDays * DAY) });
  const invoices = [invoice("INV-BIG", 1_200_000, 3), invoice("INV-OLD", 38_500, 10), invoice("INV-SMALL", 2_000, 1), invoice("INV-MID", 86_000, 2)];
  const machine = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${org.apiKey}` } });
  await trpc(machine).mutate("events.appendBatch", { events: [...leads, ...quotes, ...invoices] });
  await expect(async () => {
    expect((await trpc(machine).query<{ bySeverity: { high: number } }>("loops.summary")).bySeverity.high).toBe(249);
  }).toPass({ timeout: 30_000 });
  await machine.dispose();

  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(org.email);
  await page.getByLabel("Password").fill(org.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/$/);

  const attention = section(page, "Needs attention");
  await expect(attention.getByRole("heading", { level: 2 })).toHaveText("Needs attention 249");
  const rows = attention.locator("[data-loop-id]");
  await expect(rows).toHaveCount(7);
  await expect(page.getByTestId("order-explained")).toHaveText("The 7 to do first. Ordered by how long each is overdue, weighted by the money at stake.");
  // The money at stake and the age decide: the old €385 invoice and the €12,000 one are among the first.
  const titles = await rows.locator("h3").allTextContents();
  expect(titles[0]).toBe("Invoice INV-OLD is 10 days overdue: €385.00");
  expect(titles).toContain("Invoice INV-BIG is 3 days overdue: €12,000.00");
  expect(titles.filter((t) => t.startsWith("Draft a quote")).length).toBeGreaterThan(0);
  await expect(page.locator("button", { hasText: "Show more" })).toHaveCount(0);

  // The rest, by kind, with counts that add up, each a way in.
  const rest = page.getByTestId("rest-summary").first();
  await expect(rest).toContainText("Also needing attention:");
  const counts = (await rest.getByRole("button").allTextContents()).map((t) => Number(t.match(/^(\d+)/)![1]));
  expect(counts.reduce((a, b) => a + b, 0)).toBe(249 - 7);
  await expectNoSeriousA11yViolations(page);

  await rest.getByRole("button", { name: /quotes to draft/ }).click();
  await expect(page).toHaveURL(/\?show=quote_needed$/);
  await expect(page.getByRole("group", { name: "Show only" }).getByRole("button", { name: /^Quotes to draft 15$/ })).toHaveAttribute("aria-pressed", "true");
  await expect(page.locator("[data-loop-id]")).toHaveCount(15);
  await expect(page.locator("[data-loop-id] h3").filter({ hasNotText: /^Draft a quote for Quote \d+$/ })).toHaveCount(0);

  await page.getByRole("button", { name: "First things" }).click();
  await expect(page).toHaveURL(/\/$/);
  await page.getByRole("button", { name: "Show all 249 open loops" }).click();
  await expect(page).toHaveURL(/\?show=all$/);
  // The full list opens at its top (the button sat at the bottom of the overview), one page of 25.
  await expect(page.getByRole("group", { name: "Show only" })).toBeInViewport();
  await expect(page.locator("[data-loop-id]")).toHaveCount(25);
});
