import { randomUUID } from "node:crypto";
import { type APIRequestContext, type Page, expect, test } from "./fixtures";
import { trpc } from "./helpers/demo";
import { createOwnAccount } from "./helpers/own-account";
import { signInDirectly } from "./helpers/session";

// The dashboard's list stays live while an org's loops change many times a second (an import, an
// automation in a loop): each change used to restart the refetch of every page loaded, so with a
// long list it never finished and the screen froze until the changes stopped.

const lead = (name: string, occurredAt: Date) => ({
  id: randomUUID(),
  event_type: "lead_created",
  occurred_at: occurredAt.toISOString(),
  primary_entity: { type: "deal", id: randomUUID() },
  payload: { name, source: "e2e" },
});

const row = (page: Page, title: string) => page.getByRole("article", { name: title });

async function appendLeads(request: APIRequestContext, names: string[], occurredAt = new Date()) {
  await trpc(request).mutate("events.appendBatch", { events: names.map((n) => lead(n, occurredAt)) });
}

test("a long list keeps up with a burst of changes: a loop opened mid-burst shows while the burst goes on", async ({ page }) => {
  test.setTimeout(120_000);
  await signInDirectly(page, (await createOwnAccount("Burst")).email);
  const tag = randomUUID().slice(0, 6);
  // 300 loops: twelve pages of the "All" list, all loaded below.
  await appendLeads(
    page.request,
    Array.from({ length: 300 }, (_, i) => `Listed ${tag} ${i}`),
  );
  await page.goto("/?show=all");
  const rows = page.getByRole("article");
  const more = page.getByRole("button", { name: "Show more" });
  // Page by page (the button, or the list's own loading as it scrolls into view).
  await expect(async () => {
    if ((await rows.count()) < 300 && (await more.isVisible())) await more.click({ timeout: 1_000 });
    expect(await rows.count()).toBe(300);
  }).toPass({ timeout: 60_000, intervals: [100, 250, 500] });

  // The burst: a new lead every 100 ms, each a change of the org's loops (told at most every 150 ms).
  let bursting = true;
  let sent = 0;
  const burst = (async () => {
    while (bursting) {
      await appendLeads(page.request, [`Burst ${tag} ${sent++}`]);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  try {
    await page.waitForTimeout(2_000);
    // Opened two days ago, so overdue: it sorts onto the first page, under "Needs attention".
    const marker = `Marker ${tag}`;
    await appendLeads(page.request, [marker], new Date(Date.now() - 2 * 86_400_000));
    const startedAt = sent;
    await expect(row(page, `Reply to new lead: ${marker}`)).toBeVisible({ timeout: 8_000 });
    // It showed while the burst went on (the burst stops only below).
    expect(sent - startedAt).toBeGreaterThan(3);
  } finally {
    bursting = false;
    await burst;
  }
});
