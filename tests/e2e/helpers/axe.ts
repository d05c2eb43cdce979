import AxeBuilder from "@axe-core/playwright";
import { type Page, expect } from "@playwright/test";

/** Fails on serious or critical WCAG 2.1 A/AA violations, listing them by rule and element. */
export async function expectNoSeriousA11yViolations(page: Page) {
  // Judge the settled page: a moment still loading shows faded (data-stale, opacity 0.55), and so
  // does a search list while its answer is on its way (data-searching, opacity 0.85: its muted text
  // then measures 3.5:1 on the highlighted option, 5.6:1 and 4.7:1 once settled); a fade in
  // progress would fail contrast for a reason no reader ever sees for long.
  await expect(page.locator("[data-stale], [data-searching]")).toHaveCount(0);
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const bad = result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(bad).toEqual([]);
}
