import { randomUUID } from "node:crypto";
import { type Page, expect, test } from "./fixtures";
import { api, signIn } from "./entity-fixtures";
import { expectNoSeriousA11yViolations } from "./helpers/axe";

// Issue 13, item 3: find anything. The directory (/entities) and the quick switcher (Ctrl/Cmd+K).

const results = (page: Page) => page.locator("main ol > li");

/** A client, a deal for it and an invoice, named with `tag`; projected before it returns. */
async function business(page: Page, tag: string) {
  const client = { type: "client" as const, id: randomUUID() };
  const deal = { type: "deal" as const, id: randomUUID() };
  const invoice = { type: "invoice" as const, id: randomUUID() };
  const now = new Date().toISOString();
  await api(page.request).append(client, [{ event_type: "client_created", occurred_at: now, payload: { name: `Marie Curie ${tag}`, email: `marie.${tag}@radium.example` } }]);
  await api(page.request).append(deal, [{ event_type: "lead_created", occurred_at: now, payload: { name: `Lab party ${tag}`, client_id: client.id } }]);
  await api(page.request).append(invoice, [
    { event_type: "invoice_issued", occurred_at: now, payload: { amount_cents: 9_900, currency: "EUR", due_at: new Date(Date.now() + 9 * 86_400_000).toISOString(), number: `INV-${tag}`, client_id: client.id } },
  ]);
  await expect(async () => {
    const { items } = await api(page.request).query<{ items: { id: string }[] }>("entities.list", { limit: 20 });
    expect(items.map((i) => i.id)).toEqual(expect.arrayContaining([client.id, deal.id, invoice.id]));
  }).toPass({ timeout: 15_000 });
  return { client, deal, invoice };
}

test.beforeEach(async ({ page }) => {
  await signIn(page);
});

test("the directory lists everything by recent activity, filters by kind (deep-linkable) and pages", async ({ page }) => {
  const tag = randomUUID().slice(0, 6);
  await business(page, tag);
  await page.goto("/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Directory" }).click();
  await expect(page).toHaveURL(/\/entities$/);
  await expect(page.getByRole("heading", { level: 1, name: "Directory" })).toBeVisible();
  // Newest activity first: the invoice, then the deal, then the client.
  const names = await results(page).locator("a").allTextContents();
  expect(names.indexOf(`INV-${tag} · €99.00`)).toBeLessThan(names.indexOf(`Lab party ${tag}`));
  expect(names.indexOf(`Lab party ${tag}`)).toBeLessThan(names.indexOf(`Marie Curie ${tag}`));
  expect(names.indexOf(`INV-${tag} · €99.00`)).toBeGreaterThanOrEqual(0);
  await expect(results(page)).toHaveCount(30);
  await page.getByRole("button", { name: "Show more" }).click();
  await expect(results(page)).not.toHaveCount(30);

  await page.getByRole("navigation", { name: "Kind" }).getByRole("link", { name: "Clients" }).click();
  await expect(page).toHaveURL(/\/entities\?type=client$/);
  await expect(page.getByRole("link", { name: "Clients" })).toHaveAttribute("aria-current", "page");
  await expect(results(page).first()).toBeVisible();
  expect(new Set(await results(page).evaluateAll((els) => els.map((e) => e.getAttribute("data-entity-type"))))).toEqual(new Set(["client"]));
  await page.reload(); // the address keeps the kind
  await expect(page.getByRole("link", { name: "Clients" })).toHaveAttribute("aria-current", "page");
  await expectNoSeriousA11yViolations(page);
});

test("the directory's search finds by name, invoice number and email", async ({ page }) => {
  const tag = randomUUID().slice(0, 6);
  const { client, deal, invoice } = await business(page, tag);
  await page.goto("/entities");
  const search = page.getByRole("searchbox", { name: /Search records by name, invoice number or email/ });
  const hrefs = () => results(page).locator("a").evaluateAll((els) => els.map((e) => e.getAttribute("href")));

  await search.fill(`lab party ${tag}`);
  await expect(page.getByTestId("directory-status")).toContainText(`for “lab party ${tag}”`);
  expect(await hrefs()).toEqual([`/entities/deal/${deal.id}`]);
  await search.fill(`inv-${tag}`);
  await expect.poll(hrefs).toEqual([`/entities/invoice/${invoice.id}`]);
  await search.fill(`marie.${tag}@radium`);
  await expect.poll(hrefs).toEqual([`/entities/client/${client.id}`]);
  await expect(page).toHaveURL(new RegExp(`\\?q=marie\\.${tag}%40radium$`));
  await page.reload();
  await expect(search).toHaveValue(`marie.${tag}@radium`);
  await expect.poll(hrefs).toEqual([`/entities/client/${client.id}`]);
  await search.fill(`nobody ${tag}`);
  await expect(page.getByTestId("directory-status")).toHaveText(`Nothing matches “nobody ${tag}”.`);
});

test("the quick switcher (Ctrl+K): a labelled dialog, arrows to choose, Enter to open", async ({ page }) => {
  const tag = randomUUID().slice(0, 6);
  const { client, invoice } = await business(page, tag);
  await page.goto("/activity");
  await page.keyboard.press("Control+k");
  const dialog = page.getByRole("dialog", { name: "Find anything" });
  await expect(dialog).toBeVisible();
  const box = dialog.getByRole("combobox", { name: "Name, invoice number or email" });
  await expect(box).toBeFocused();
  await expect(dialog.getByRole("listbox")).toBeVisible(); // recently active, before typing
  await expectNoSeriousA11yViolations(page);

  await box.fill(tag);
  await expect(dialog.getByRole("option")).toHaveCount(3);
  await expect(dialog.getByRole("option").first()).toHaveAttribute("aria-selected", "true");
  await box.press("ArrowDown");
  await expect(dialog.getByRole("option").nth(1)).toHaveAttribute("aria-selected", "true");
  await expect(box).toHaveAttribute("aria-activedescendant", (await dialog.getByRole("option").nth(1).getAttribute("id"))!);
  await box.fill(`INV-${tag}`);
  await expect(dialog.getByRole("option")).toHaveCount(1);
  await box.press("Enter");
  await expect(page).toHaveURL(`/entities/invoice/${invoice.id}`);
  await expect(dialog).toBeHidden();

  // Escape clears, then closes, and the focus goes back where it was.
  await page.getByRole("button", { name: /^Find/ }).click();
  await box.fill(`marie.${tag}`);
  await expect(dialog.getByRole("option")).toHaveCount(1);
  await expect(dialog.getByRole("option")).toContainText("Matched by email");
  await box.press("Escape");
  await expect(box).toHaveValue("");
  await box.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("button", { name: /^Find/ })).toBeFocused();

  // Enter pressed before the answer for what was typed has come picks from that answer, not the one on screen.
  await page.keyboard.press("Control+k");
  await box.fill(`Marie Curie ${tag}`);
  await box.press("Enter");
  await expect(page).toHaveURL(`/entities/client/${client.id}`);
});
