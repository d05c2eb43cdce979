import type { BrowserContext } from "@playwright/test";

/** A condition evaluated in the page, e.g. "the first loop is laid out". Plain JS source. */
export type Ready = string;

export const FIRST_LOOP_VISIBLE: Ready = `(() => {
  const el = document.querySelector("article[data-loop-id]");
  return !!el && el.getBoundingClientRect().height > 0;
})()`;

/** The timeline can be scrubbed (hydrated: the slider is enabled) and shows events and loops. */
export const TIMELINE_INTERACTIVE: Ready = `(() =>
  !!document.querySelector("input[type=range]:not([disabled])") &&
  !!document.querySelector("ol article") &&
  !!document.querySelector("[data-testid=as-of-loops]"))()`;

/**
 * Milliseconds from navigation start until `ready` first holds, measured inside the page: a
 * MutationObserver and each animation frame check it, so the figure does not include Playwright's
 * own polling. Returns the serialized DOM at that moment too (the static baseline is made from it).
 */
export async function timeToReady(context: BrowserContext, url: string, ready: Ready, timeoutMs = 30_000) {
  const page = await context.newPage();
  await page.addInitScript(`(() => {
    const check = () => {
      if (window.__readyAt !== undefined) return;
      try { if (${ready}) window.__readyAt = performance.now(); } catch { /* not yet */ }
    };
    new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
    const frame = () => { check(); if (window.__readyAt === undefined) requestAnimationFrame(frame); };
    requestAnimationFrame(frame);
  })()`);
  await page.goto(url, { waitUntil: "commit" });
  await page.waitForFunction("window.__readyAt !== undefined", null, { timeout: timeoutMs, polling: 50 });
  const ms = (await page.evaluate("window.__readyAt")) as number;
  const html = await page.evaluate(() => document.documentElement.outerHTML);
  const bytes = (await page.evaluate(() => performance.getEntriesByType("resource").reduce((s, r) => s + ((r as PerformanceResourceTiming).transferSize || 0), 0))) as number;
  await page.close();
  return { ms, html, bytes };
}

/**
 * The page as it looked once ready, made inert: same markup, styles and bytes (inline data
 * included), but its scripts neither fetched nor run, and no script preloads.
 */
export function staticCopy(html: string): string {
  const inert = html
    .replace(/<script\b([^>]*)>/gi, (_m, attrs: string) => `<script type="text/plain"${attrs.replace(/\stype="[^"]*"/i, "")}>`)
    .replace(/<link[^>]+rel="(preload|modulepreload)"[^>]*>/gi, "");
  return `<!DOCTYPE html>${inert}`;
}
