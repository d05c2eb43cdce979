import { randomUUID } from "node:crypto";
import { expect, test } from "./fixtures";
import { api, entityUrl, signIn } from "./entity-fixtures";

// Issue 8, finding 13: payloads are loose, so any event may carry a `deal_id` or an `about`; only
// values that pass the UUID schema become links (`/entities/deal/../../sign-in?…` used to).

test("id-like payload fields become links only when they are UUIDs of an entity type", async ({ page }) => {
  await signIn(page);
  const deal = { type: "deal" as const, id: randomUUID() };
  const real = randomUUID();
  await api(page.request).append(deal, [
    { event_type: "lead_created", occurred_at: new Date(Date.now() - 60_000).toISOString(), payload: { name: "Link check" } },
    {
      event_type: "note_added",
      occurred_at: new Date().toISOString(),
      payload: { text: "forged links", deal_id: "../../sign-in?next=https://evil.example", about: { type: "deal", id: "../../activity" } },
    },
    { event_type: "note_added", occurred_at: new Date().toISOString(), payload: { text: "a real link", deal_id: real } },
  ]);
  await page.goto(entityUrl(deal));
  await expect(page.getByText("forged links")).toBeVisible();
  const hrefs = await page.locator("main a[href]").evaluateAll((as) => as.map((a) => a.getAttribute("href")!));
  expect(hrefs.filter((h) => /sign-in|\.\.|evil|activity/.test(h))).toEqual([]);
  expect(hrefs).toContain(`/entities/deal/${real}`);
  // The forged value still shows, as text.
  await expect(page.getByText("../../sign-in?next=https://evil.example")).toBeVisible();
});
