import { randomUUID } from "node:crypto";
import { type Page, expect, test } from "./fixtures";
import { api, signIn } from "./entity-fixtures";
import { expectNoSeriousA11yViolations } from "./helpers/axe";

// Issue 13, item 1: create from anywhere, with the New menu (and n).

const dialog = (page: Page, name: string) => page.getByRole("dialog", { name });
const fieldError = (page: Page, field: string) => page.locator(`[data-field="${field}"] [id$="-error"]`);

async function openNew(page: Page, item: string) {
  await page.getByRole("button", { name: "New", exact: true }).click();
  await page.getByRole("menuitem", { name: item }).click();
  await expect(dialog(page, item)).toBeVisible();
}

/** A client named through the API, found by the search once projected. */
async function newClient(page: Page, name: string, email?: string) {
  const client = { type: "client" as const, id: randomUUID() };
  await api(page.request).append(client, [{ event_type: "client_created", occurred_at: new Date().toISOString(), payload: { name, ...(email ? { email } : {}) } }]);
  await expect(async () => {
    const found = await api(page.request).query<{ items: { id: string }[] }>("entities.search", { q: name, type: "client" });
    expect(found.items.map((i) => i.id)).toContain(client.id);
  }).toPass({ timeout: 15_000 });
  return client;
}

test.beforeEach(async ({ page }) => {
  await signIn(page);
});

test("n opens the New menu; a new lead for a new client opens with its timeline, and its loop is live on the dashboard", async ({ page }) => {
  const tag = randomUUID().slice(0, 6);
  await page.goto("/activity");
  const menu = page.getByRole("menu");
  // The shortcut listens once the page has hydrated; a key pressed before then does nothing (CI once).
  await expect(async () => {
    await page.keyboard.press("n");
    await expect(menu).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await expect(menu.getByRole("menuitem")).toHaveText(["New lead", "New client", "Issue an invoice", "Schedule a follow-up"]);
  await expect(menu.getByRole("menuitem").first()).toBeFocused();
  await page.keyboard.press("Enter");
  const form = dialog(page, "New lead");
  await expect(form).toBeVisible();
  await expect(form.getByLabel("Name", { exact: true })).toBeFocused(); // the dialog's first field
  await form.getByLabel("Name", { exact: true }).fill(`Birthday cake ${tag}`);
  await form.getByLabel("Source").fill("phone");
  await form.getByRole("radio", { name: "A new client" }).check();
  await form.getByLabel("Client's name").fill(`Grace Hopper ${tag}`);
  await form.getByLabel("Email").fill(`grace-${tag}@example.com`);
  await expectNoSeriousA11yViolations(page);
  await form.getByRole("button", { name: "Create lead" }).click();

  // A time-ordered (v7) id, as docs/api.md recommends for fresh ids: the log's indexes stay cheap.
  await expect(page).toHaveURL(/\/entities\/deal\/[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Birthday cake ${tag}`);
  await expect(page.getByRole("article", { name: "New lead" })).toContainText("phone");
  await expect(page.getByRole("status").filter({ hasText: "Lead created." })).toBeAttached();
  // The client was created in the same flow (one atomic batch), named, and linked from the deal.
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("entity-for").getByRole("link", { name: `Grace Hopper ${tag}` })).toBeVisible();
  }).toPass({ timeout: 15_000 });
  await page.getByTestId("entity-for").getByRole("link").click();
  await expect(page).toHaveURL(/\/entities\/client\//);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Grace Hopper ${tag}`);
  await expect(page.getByTestId("as-of-state")).toContainText(`grace-${tag}@example.com`);

  await page.goto("/?show=new_lead");
  await expect(page.getByRole("article", { name: `Reply to new lead: Birthday cake ${tag}` })).toBeVisible({ timeout: 15_000 });
});

test("a new lead for an existing client, picked with search", async ({ page }) => {
  const tag = randomUUID().slice(0, 6);
  await newClient(page, `Ada Lovelace ${tag}`, `ada-${tag}@example.com`);
  await page.goto("/");
  await openNew(page, "New lead");
  const form = dialog(page, "New lead");
  await form.getByLabel("Name", { exact: true }).fill(`Wedding tiers ${tag}`);
  await form.getByRole("radio", { name: "An existing client" }).check();
  const search = form.getByRole("combobox", { name: "Find the client" });
  await search.fill(`ada-${tag}@exa`); // by email
  const option = form.getByRole("option", { name: new RegExp(`Ada Lovelace ${tag}`) });
  await expect(option).toBeVisible();
  await expect(option).toContainText("Matched by email");
  await search.press("Enter");
  await expect(form.getByTestId("picked")).toContainText(`Ada Lovelace ${tag}`);
  await form.getByRole("button", { name: "Create lead" }).click();
  await expect(page).toHaveURL(/\/entities\/deal\//);
  await expect(page.getByTestId("entity-for")).toContainText(`Ada Lovelace ${tag}`);
});

test("a new client, an invoice for it and a follow-up about the invoice", async ({ page }) => {
  const tag = randomUUID().slice(0, 6);
  await page.goto("/");
  await openNew(page, "New client");
  const client = dialog(page, "New client");
  await client.getByLabel("Name").fill(`Bakehouse Ltd ${tag}`);
  await client.getByLabel("Email").fill("not an email");
  await client.getByRole("button", { name: "Create client" }).click();
  await expect(fieldError(page, "email")).toContainText("must be an email address");
  await client.getByLabel("Email").fill(`orders-${tag}@bakehouse.example`);
  await client.getByLabel("Company").fill("Bakehouse");
  await expectNoSeriousA11yViolations(page);
  await client.getByRole("button", { name: "Create client" }).click();
  await expect(page).toHaveURL(/\/entities\/client\//);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Bakehouse Ltd ${tag}`);

  await openNew(page, "Issue an invoice");
  const invoice = dialog(page, "Issue an invoice");
  await invoice.getByRole("button", { name: "Issue invoice" }).click();
  await expect(fieldError(page, "amount")).toHaveText("Amount is required");
  await expect(fieldError(page, "due")).toHaveText("Due on is required");
  await invoice.getByLabel("Invoice number").fill(`INV-${tag}`);
  await invoice.getByLabel("Amount").fill("1,250.00");
  await invoice.getByLabel("Due on").fill("31 Dec 2030");
  await expect(async () => {
    await invoice.getByRole("combobox", { name: "Find what it is for" }).fill(`Bakehouse Ltd ${tag}`);
    await expect(invoice.getByRole("option").first()).toContainText(`Bakehouse Ltd ${tag}`);
  }).toPass({ timeout: 15_000 });
  await invoice.getByRole("option").first().click();
  await expectNoSeriousA11yViolations(page);
  await invoice.getByRole("button", { name: "Issue invoice" }).click();
  await expect(page).toHaveURL(/\/entities\/invoice\//);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`INV-${tag} · €1,250.00`);
  await expect(page.getByTestId("as-of-state")).toContainText("Due31 Dec 2030, 23:59");
  await expect(page.getByTestId("entity-for")).toContainText(`Bakehouse Ltd ${tag}`);

  await openNew(page, "Schedule a follow-up");
  const followup = dialog(page, "Schedule a follow-up");
  await followup.getByLabel("Follow up on").fill("2 Jan 2031, 09:00");
  await followup.getByLabel("What about").fill(`Chase INV-${tag}`);
  await expect(async () => {
    await followup.getByRole("combobox", { name: "Find what it is about" }).fill(`INV-${tag}`);
    await expect(followup.getByRole("option").first()).toContainText(`INV-${tag}`);
  }).toPass({ timeout: 15_000 });
  await followup.getByRole("combobox", { name: "Find what it is about" }).press("Enter");
  await expectNoSeriousA11yViolations(page);
  await followup.getByRole("button", { name: "Schedule follow-up" }).click();
  await expect(page).toHaveURL(/\/entities\/followup\//);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Chase INV-${tag}`);
  await expect(page.getByText(`About INV-${tag}`)).toBeVisible();
});

test("n and Ctrl+K stay out of the way while typing", async ({ page }) => {
  await page.goto("/entities");
  const search = page.getByRole("searchbox");
  await search.fill("");
  await search.press("n");
  await expect(search).toHaveValue("n");
  await expect(page.getByRole("menu")).toHaveCount(0);
  await page.keyboard.press("Escape");
});
