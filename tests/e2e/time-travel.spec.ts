import { type Page, expect, test } from "./fixtures";
import { DAY, ago, api, entityUrl, quotedDeal, signIn, unpaidInvoice } from "./entity-fixtures";

const loops = (page: Page) => page.getByTestId("as-of-loops");
const loop = (page: Page, type: string) => loops(page).locator(`[data-loop-type="${type}"]`);
const slider = (page: Page) => page.getByRole("slider", { name: "Moment in this history" });

test.beforeEach(async ({ page }) => {
  await signIn(page);
});

test("scrubbing to before the quote was sent shows the loops of that moment", async ({ page }) => {
  const deal = await quotedDeal(page.request);
  await page.goto(entityUrl(deal));
  await expect(loop(page, "decision_pending")).toHaveAttribute("data-status", "active");
  await expect(loop(page, "quote_needed")).toHaveAttribute("data-status", "resolved");

  // Arrow keys on the slider step one event at a time: now → quote sent → quote requested.
  await expect(slider(page)).toBeEnabled(); // hydrated
  await slider(page).focus();
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowLeft");

  await expect(loop(page, "quote_needed")).toHaveAttribute("data-status", "active");
  await expect(loop(page, "decision_pending")).toHaveCount(0);
  await expect(page.getByTestId("as-of-state")).toContainText("Quote requested");
  await expect(page.getByRole("heading", { level: 2, name: "Where it stood then" })).toBeVisible();
  // The quote_sent event is after the moment: still listed, dimmed.
  const sent = page.getByRole("article", { name: "Quote sent" });
  await expect(sent).toHaveAttribute("data-dimmed", "true");
  await expect(page.getByRole("article", { name: "Quote requested" })).not.toHaveAttribute("data-dimmed", /.*/);

  // Next event steps forward again; Now returns to the present.
  await page.getByRole("button", { name: "Next event" }).click();
  await expect(loop(page, "decision_pending")).toHaveAttribute("data-status", "active");
  await page.getByRole("button", { name: "Now", exact: true }).click();
  await expect(page).not.toHaveURL(/asOf=/);
});

test("the basis toggle tells a late-recorded payment apart", async ({ page }) => {
  const invoice = await unpaidInvoice(page.request);
  // Recorded after everything else, but it happened 12 days ago: before the invoice fell due.
  await api(page.request).append(invoice, [
    { event_type: "payment_received", occurred_at: ago(12 * DAY), payload: { amount_cents: 10_000, currency: "EUR" } },
  ]);
  await page.goto(entityUrl(invoice));
  await expect(page.getByRole("article", { name: "Payment received" })).toContainText("recorded 12 days later");

  // As the system saw it, just before the payment was recorded: overdue, nothing paid.
  await page.getByRole("radio", { name: "As the system saw it" }).check();
  await page.getByRole("button", { name: "Previous event" }).click(); // the payment's record time
  await page.getByRole("button", { name: "Previous event" }).click(); // the invoice's
  await expect(loop(page, "invoice_overdue")).toHaveAttribute("data-status", "active");
  await expect(page.getByTestId("as-of-state")).toContainText("Paid so far€0.00");
  await expect(page.getByRole("article", { name: "Payment received" })).toHaveAttribute("data-dimmed", "true");
  await expect(page).toHaveURL(/basis=recorded/);
  const asOf = new URL(page.url()).searchParams.get("asOf");
  expect(asOf).not.toBeNull();

  // The same moment as it happened: the payment counts, the invoice was never overdue.
  await page.getByRole("radio", { name: "As it happened" }).check();
  await expect(loop(page, "invoice_overdue")).toHaveCount(0);
  await expect(page.getByTestId("as-of-state")).toContainText("Paid so far€100.00");
  await expect(page.getByRole("article", { name: "Payment received" })).not.toHaveAttribute("data-dimmed", /.*/);
  await expect(page).toHaveURL(/basis=occurred/);
  expect(new URL(page.url()).searchParams.get("asOf")).toBe(asOf);
});

test("a deep link with asOf reloads to the same view", async ({ page }) => {
  const deal = await quotedDeal(page.request);
  await page.goto(entityUrl(deal));
  await page.getByRole("button", { name: "Previous event" }).click();
  await page.getByRole("button", { name: "Previous event" }).click();
  await page.getByRole("radio", { name: "As the system saw it" }).check();
  await page.getByRole("radio", { name: "As it happened" }).check();
  await expect(page).toHaveURL(/asOf=.*basis=occurred/);
  const heading = await page.getByTestId("moment-title").textContent();
  const valueText = await slider(page).getAttribute("aria-valuetext");

  for (const open of [() => page.reload(), async () => page.goto(page.url())]) {
    await open();
    await expect(loop(page, "quote_needed")).toHaveAttribute("data-status", "active");
    await expect(loop(page, "decision_pending")).toHaveCount(0);
    await expect(page.getByTestId("moment-title")).toHaveText(heading!);
    await expect(slider(page)).toHaveAttribute("aria-valuetext", valueText!);
    await expect(page.getByRole("radio", { name: "As it happened" })).toBeChecked();
  }
});
