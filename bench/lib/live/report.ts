import { fmt, quantile } from "../stats";

export type Row = {
  db: "Postgres" | "Postgres, 2 instances + worker" | "embedded";
  name: string;
  samples: number[];
  /** Milliseconds the p50 / p99 must not exceed. */
  targets: { p50?: number; p99?: number };
  baseline: { name: string; samples: number[] };
};

const p = (s: number[], q: number) => quantile(s, q);
const verdicts = (r: Row) =>
  (["p50", "p99"] as const).flatMap((k) => {
    const target = r.targets[k];
    if (target === undefined) return [];
    const got = p(r.samples, k === "p50" ? 0.5 : 0.99);
    return [{ k, target, got, pass: got <= target }];
  });
const ms = (n: number) => `${fmt(n, n < 10 ? 1 : 0)} ms`;

export function printRows(rows: Row[], load: string, out: (s: string) => void) {
  out(`\nbench:live (production next start; in-process worker on, or off with npm run worker beside; ${load})`);
  for (const r of rows) {
    out(`\n[${r.db}] ${r.name}: ${r.samples.length} samples, p50 ${ms(p(r.samples, 0.5))}, p99 ${ms(p(r.samples, 0.99))}, max ${ms(Math.max(...r.samples))}`);
    out(`    baseline (same run): ${r.baseline.name}: p50 ${ms(p(r.baseline.samples, 0.5))}, p99 ${ms(p(r.baseline.samples, 0.99))}`);
    for (const v of verdicts(r)) out(`    ${v.pass ? "PASS" : "MISS"}  ${v.k} target ≤ ${ms(v.target)}, measured ${ms(v.got)}`);
  }
}

export function liveMarkdown(rows: Row[], load: string, n: Record<string, number>): string {
  const target = (r: Row) =>
    verdicts(r).map((v) => `${v.k} ≤ ${ms(v.target)}: ${v.pass ? "PASS" : "**MISS**"}`).join("; ") || "(none)";
  return [
    "## bench:live — an append on the dashboard of another client, without a reload",
    "",
    `Command: \`npm run bench:live\` (${new Date().toISOString().slice(0, 10)}; options \`-- --samples ${n.browser} --list-samples ${n.list} --held-samples ${n.held} --embedded-samples ${n.embedded}${n.quietSeconds ? ` --quiet-samples ${n.quiet} --quiet-seconds ${n.quietSeconds}` : " --skip-quiet"}\`)`,
    "",
    "- production build (`next start`), its in-process worker on (as `npm start` runs it), Redis off; first a real Postgres 15, then the embedded PGlite (`DATABASE_POOL_SIZE=5`, served by the bench process as `npm start` serves it)",
    "- a headless Chromium (/usr/bin/chromium) signed in through the sign-in form on the dashboard; another client (the bench, with the org's API key) appends a `lead_created` over HTTP (`events.append`); the time from sending the append until the new loop's row is laid out in the page (a MutationObserver records the moment, wall clock shared by both), never reloading; 250–400 ms between samples, 3 warm-up samples not counted",
    "- \"2 instances + worker\": as a deployment with several web instances runs, two `next start` instances with their in-process workers off (`WORKER_DISABLED=1`) and `npm run worker` as its own process (`WORKER_INTERVAL_SECONDS` at its 5 s default); the dashboard open on one instance, the appends sent to the other, so the append reaches the worker and the loop change reaches the dashboard's instance only by NOTIFY",
    "- loops.list: the same append, then `loops.list` over HTTP polled back to back until it lists the loop (the bench's requests through one kept-alive socket of Node's http client per instance: its fetch costs the client ~2 ms a call here); \"held\": with a write transaction open in another database of the same server all along",
    ...(n.quietSeconds ? [`- "after … of quiet": a small business's pace, minutes between events. Two servers (each its own database, in-process worker on, its 5 s passes going on), one with \`DATABASE_POOL_MIN\` at its default (4 connections kept open while idle) and one with 0 (every idle connection closed after 30 s, as before the setting); each sample an append to each after ${n.quietSeconds} s without a request, in alternating order, on a dashboard open all along (one sample each, then the quiet spell again)`] : []),
    "- before issue 9 (measured by the issue on this machine): append → loops.list 4.1–5.0 s, → open dashboard 4.4 s median (the 5 s cron), embedded 14.4 s",
    "",
    "| database | measurement | samples | p50 | p99 | max | target | baseline (same run) | baseline p50 / p99 |",
    "|---|---|---:|---:|---:|---:|---|---|---:|",
    ...rows.map(
      (r) =>
        `| ${r.db} | ${r.name} | ${r.samples.length} | ${ms(p(r.samples, 0.5))} | ${ms(p(r.samples, 0.99))} | ${ms(Math.max(...r.samples))} | ${target(r)} | ${r.baseline.name} | ${ms(p(r.baseline.samples, 0.5))} / ${ms(p(r.baseline.samples, 0.99))} |`,
    ),
    "",
    "The path measured: the append commits and signals (in-process, and a NOTIFY on `calm_events_appended` for other processes); the worker runs a projector pass; its commit notifies `calm_loops_changed`; the live stream (`live.loopsChanged`, SSE) sends the change at once; the page refetches `loops.list` and renders. On the embedded PGlite a NOTIFY does not reach other connections: there the in-process signals carry it (one server process).",
    "",
    `Machine during the run: ${load} (a shared machine: other work was running). Rerun for your own figures.`,
  ].join("\n");
}
