import { type Page, expect } from "@playwright/test";

/**
 * The row of a loop on the dashboard's current list, loading more pages ("Show more") until it is
 * there: other specs add loops to the demo org, so a fresh one may sit past the first page.
 */
export async function loopRow(page: Page, title: string) {
  const row = page.getByRole("article", { name: title });
  const more = page.getByRole("button", { name: "Show more" });
  await expect(async () => {
    if ((await row.count()) > 0) return;
    // Briefly: the list also loads its next page by itself as the button scrolls into view, and
    // the button is gone once the last page is in; a plain click then waited for it until the
    // test's timeout (20 s lost, then failed, with the row on the screen).
    if (await more.isVisible()) await more.click({ timeout: 1_000 });
    await expect(row).toHaveCount(1, { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  return row;
}
