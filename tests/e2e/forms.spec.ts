import { randomUUID } from "node:crypto";
import { type Page, expect, test } from "./fixtures";
import { payloads } from "../../src/domain/events";
import { DAY, ago, api, entityUrl, quotedDeal, signIn, unpaidInvoice } from "./entity-fixtures";

const form = (page: Page, name: string) => page.getByRole("form", { name });
const fieldError = (page: Page, field: string) => page.locator(`[data-field="${field}"] [id$="-error"]`);

test.beforeEach(async ({ page }) => {
  await signIn(page);
});

test("an invalid payment shows the schema's own message beside the field and writes nothing", async ({ page }) => {
  const invoice = await unpaidInvoice(page.request);
  const before = await api(page.request).eventCount(invoice);
  const appends: string[] = [];
  page.on("request", (r) => {
    if (r.url().includes("events.append")) appends.push(r.url());
  });
  await page.goto(entityUrl(invoice));
  await page.getByRole("button", { name: "Record a payment" }).click();
  const payment = form(page, "Record a payment");
  await expect(payment.getByLabel("Currency")).toHaveValue("EUR"); // the invoice's currency

  await payment.getByLabel("Amount").fill("-5");
  await payment.getByRole("button", { name: "Record payment" }).click();
  const schemaSays = payloads.paymentReceived.safeParse({ amount_cents: -500, currency: "EUR" }).error!.issues.map((i) => i.message);
  expect(schemaSays).toContain("must be at least 1");
  await expect(fieldError(page, "amount")).toHaveText("Amount must be at least 1");
  await expect(payment.getByLabel("Amount")).toHaveAttribute("aria-invalid", "true");
  await expect(payment.getByLabel("Amount")).toBeFocused();

  await payment.getByLabel("Amount").fill("");
  await payment.getByRole("button", { name: "Record payment" }).click();
  await expect(fieldError(page, "amount")).toHaveText("Amount is required");

  await payment.getByLabel("Amount").fill("10");
  await payment.getByLabel("Currency").fill("ABC");
  await payment.getByRole("button", { name: "Record payment" }).click();
  await expect(fieldError(page, "currency")).toHaveText("Currency is not an ISO 4217 currency");
  await expect(fieldError(page, "amount")).toHaveCount(0);

  expect(appends).toEqual([]);
  expect(await api(page.request).eventCount(invoice)).toBe(before);
});

test("the server's issues land beside the field they name", async ({ page }) => {
  const invoice = await unpaidInvoice(page.request);
  await page.route("**/api/trpc/events.append**", (route) =>
    route.fulfill({
      status: 400,
      contentType: "application/json",
      body: JSON.stringify([
        {
          error: {
            message: "payload.currency: does not match the invoice",
            code: -32600,
            data: { code: "BAD_REQUEST", httpStatus: 400, path: "events.append", issues: [{ path: ["payload", "currency"], message: "does not match the invoice" }] },
          },
        },
      ]),
    }),
  );
  await page.goto(entityUrl(invoice));
  await page.getByRole("button", { name: "Record a payment" }).click();
  const payment = form(page, "Record a payment");
  await payment.getByLabel("Amount").fill("25");
  await payment.getByLabel("Currency").fill("USD");
  await payment.getByRole("button", { name: "Record payment" }).click();
  await expect(fieldError(page, "currency")).toHaveText("Currency does not match the invoice");
  await expect(payment.getByLabel("Currency")).toBeFocused();
});

test("a valid payment is recorded, announced and shown", async ({ page }) => {
  const invoice = await unpaidInvoice(page.request);
  const before = await api(page.request).eventCount(invoice);
  await page.goto(entityUrl(invoice));
  await page.getByRole("button", { name: "Record a payment" }).click();
  const payment = form(page, "Record a payment");
  await payment.getByLabel("Amount").fill("40.50");
  await payment.getByRole("button", { name: "Record payment" }).click();

  await expect(page.getByRole("status").filter({ hasText: "Payment recorded." })).toBeAttached();
  await expect(page.getByRole("article", { name: "Payment received" })).toContainText("€40.50");
  await expect(page.getByTestId("as-of-state")).toContainText("Paid so far€40.50");
  await expect(page.getByTestId("as-of-state")).toContainText("Still to pay€59.50");
  expect(await api(page.request).eventCount(invoice)).toBe(before + 1);
});

test("notes, quotes and follow-ups are recorded on a deal", async ({ page }) => {
  const deal = await quotedDeal(page.request);
  await page.goto(entityUrl(deal));

  await page.getByRole("button", { name: "Add a note" }).click();
  await form(page, "Add a note").getByRole("button", { name: "Add note" }).click();
  await expect(fieldError(page, "text")).toHaveText("Note must not be empty");
  await form(page, "Add a note").getByLabel("Note").fill("Called, they want a tasting first.");
  await form(page, "Add a note").getByRole("button", { name: "Add note" }).click();
  await expect(page.getByRole("article", { name: "Note added" })).toContainText("Called, they want a tasting first.");

  await page.getByRole("button", { name: "Quote rejected" }).click();
  await form(page, "Quote rejected").getByLabel("Reason").fill("Went with another bakery");
  await form(page, "Quote rejected").getByRole("button", { name: "Mark quote rejected" }).click();
  await expect(page.getByTestId("as-of-state")).toContainText("StageLost");
  await expect(page.getByTestId("as-of-loops").locator('[data-loop-type="decision_pending"]')).toHaveAttribute("data-status", "resolved");

  await page.getByRole("button", { name: "Schedule a follow-up" }).click();
  const followup = form(page, "Schedule a follow-up");
  await followup.getByLabel("Follow up on").fill("2031-03-04T10:30");
  await followup.getByLabel("What about").fill("Ask again in spring");
  await followup.getByRole("button", { name: "Schedule follow-up" }).click();
  await page.getByRole("link", { name: "Open the follow-up" }).click();
  await expect(page).toHaveURL(/\/entities\/followup\/[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/); // a v7 id, as for every fresh id
  await expect(page.getByTestId("as-of-state")).toContainText("Ask again in spring");
  await expect(page.getByTestId("as-of-loops").locator('[data-loop-type="followup_due"]')).toHaveAttribute("data-status", "active");
  await page.getByRole("link", { name: "the deal" }).first().click();
  await expect(page).toHaveURL(entityUrl(deal));
});

test("marking a quote sent moves a new lead to waiting for a decision", async ({ page }) => {
  const deal = { type: "deal" as const, id: randomUUID() };
  await api(page.request).append(deal, [{ event_type: "lead_created", occurred_at: ago(DAY / 2), payload: { name: "Fresh lead" } }]);
  await page.goto(entityUrl(deal));
  await page.getByRole("button", { name: "Quote sent" }).click();
  const quote = form(page, "Quote sent");
  await quote.getByLabel("Amount").fill("1,250.00");
  await quote.getByLabel("Valid until").fill("2031-01-31");
  await quote.getByRole("button", { name: "Mark quote sent" }).click();
  await expect(page.getByTestId("as-of-state")).toContainText("Quote€1,250.00");
  await expect(page.getByTestId("as-of-loops").locator('[data-loop-type="decision_pending"]')).toHaveAttribute("data-status", "active");
  await expect(page.getByRole("article", { name: "Quote sent" })).toContainText("31 Jan 2031");
});
