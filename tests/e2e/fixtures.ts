import { test as base, expect } from "@playwright/test";

export { expect };
export type { APIRequestContext, APIResponse, Page } from "@playwright/test";

// Issue 8, finding 6: the pages must pass their strict Content-Security-Policy. Every spec imports
// `test` from here (eslint.config.js says so), whose browser context reports each CSP violation
// of every page it opens, and fails the test that met one. A test that provokes a violation on
// purpose (framing the app from another site) declares it: expectCspViolation(/frame-ancestors/).

/** Reports each `securitypolicyviolation` event as a console error (the init script runs outside the page's CSP). */
const REPORT_VIOLATIONS = `document.addEventListener("securitypolicyviolation", (e) => {
  console.error("[csp-violation] " + e.effectiveDirective + " blocked " + (e.blockedURI || "inline") + " at " + (e.sourceFile || document.location.pathname) + ":" + e.lineNumber);
});`;

/** Chromium's own console line for a blocked resource or inline code. */
const CHROMIUM_CSP_LINE = /Content Security Policy|\[csp-violation\]/;

const EXPECTED = "csp-violation-expected";

/** Declares a violation this test provokes on purpose; any other still fails it. */
export function expectCspViolation(pattern: RegExp): void {
  test.info().annotations.push({ type: EXPECTED, description: pattern.source });
}

export const test = base.extend({
  context: async ({ context }, use) => {
    const violations: string[] = [];
    await context.addInitScript(REPORT_VIOLATIONS);
    context.on("console", (msg) => {
      if (msg.type() === "error" && CHROMIUM_CSP_LINE.test(msg.text())) violations.push(`${msg.page()?.url() ?? "?"}: ${msg.text()}`);
    });
    await use(context);
    const expected = test.info().annotations.filter((a) => a.type === EXPECTED).map((a) => new RegExp(a.description ?? "^$"));
    const unexpected = violations.filter((v) => !expected.some((re) => re.test(v)));
    expect(unexpected, "Content-Security-Policy violations on the pages this test opened").toEqual([]);
  },
});
