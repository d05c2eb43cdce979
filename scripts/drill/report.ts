import { readFileSync, writeFileSync } from "node:fs";
import type { Row } from "./tally";

const seconds = (s: number | undefined) => (s === undefined ? "—" : s.toFixed(1));

/** The drill's table, as Markdown (printed, and kept in docs/reliability.md). */
export function resultsTable(rows: Row[]): string {
  const head =
    "| phase | attempted | acknowledged | in log (once) | in stream (once) | projected | delivered | duplicates | lost | appends paused (s) | recovered after (s) |";
  const rule = "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|";
  const line = (r: Row) =>
    `| ${r.label} | ${r.attempted} | ${r.acknowledged} | ${r.inLog} | ${r.inStream} | ${r.projected} | ${r.delivered} | ${r.duplicates} | ${r.lost} | ${seconds(r.pausedS)} | ${seconds(r.recoveredS)} |`;
  return [head, rule, ...rows.map(line)].join("\n");
}

export type Seen = { label: string; answers: Map<string, number> | undefined; answersDropped: number; duplicateAnswers: number; redeliveries: number };

/**
 * What the writer and the webhook saw per phase: the answers, the events sent again after an
 * answer thrown away on purpose, those whose retry found the first attempt committed (answered
 * `duplicate`, by the thrown-away ones and by any fault that lost an answer), and re-sent deliveries.
 */
export function seenTable(seen: Seen[]): string {
  const head = "| phase | answers to the writer | events re-sent after a thrown-away 200 | re-sends answered `duplicate` | webhook redeliveries |";
  const rule = "|---|---|--:|--:|--:|";
  const answers = (m: Map<string, number> | undefined) =>
    m ? [...m].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} × ${v}`).join(", ") : "—";
  return [head, rule, ...seen.map((s) => `| ${s.label} | ${answers(s.answers)} | ${s.answersDropped} | ${s.duplicateAnswers} | ${s.redeliveries} |`)].join("\n");
}

export const BEGIN = "<!-- drill:results:begin -->";
export const END = "<!-- drill:results:end -->";

/** Replaces what lies between the markers of `file` with `body`; the rest of the page is prose kept by hand. */
export function writeResults(file: string, body: string): void {
  const page = readFileSync(file, "utf8");
  const from = page.indexOf(BEGIN);
  const to = page.indexOf(END);
  if (from < 0 || to < from) throw new Error(`${file} lacks the markers ${BEGIN} … ${END}`);
  writeFileSync(file, `${page.slice(0, from + BEGIN.length)}\n${body.trim()}\n${page.slice(to)}`);
}
