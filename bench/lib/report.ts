import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fmt } from "./stats";

export type Measurement = { name: string; value: number; unit: string; p50: number; p99: number };
export type Target = { name: string; measured: Measurement; baseline: Measurement; minRatio: number };
export type Report = { title: string; context: string[]; command: string; measurements: Measurement[]; targets: Target[]; notes: string[] };

const pass = (t: Target) => t.measured.value >= t.minRatio * t.baseline.value;
const ratio = (t: Target) => `${fmt((100 * t.measured.value) / t.baseline.value)}%`;

export function printReport(r: Report, out: (s: string) => void) {
  const red = process.stdout.isTTY ? (s: string) => `\x1b[1;31m${s}\x1b[0m` : (s: string) => s;
  const green = process.stdout.isTTY ? (s: string) => `\x1b[32m${s}\x1b[0m` : (s: string) => s;
  out(`\n${r.title}\n${r.context.join("\n")}\n`);
  out(`${"measurement".padEnd(52)}${"figure".padStart(18)}${"p50".padStart(11)}${"p99".padStart(11)}`);
  for (const m of r.measurements) {
    out(`${m.name.padEnd(52)}${`${fmt(m.value)} ${m.unit}`.padStart(18)}${`${fmt(m.p50, 1)} ms`.padStart(11)}${`${fmt(m.p99, 1)} ms`.padStart(11)}`);
  }
  out("\ntargets (baseline measured in this run):");
  for (const t of r.targets) {
    const line = `${t.name}: ${fmt(t.measured.value)} vs ${fmt(t.baseline.value)} ${t.baseline.unit} (${t.baseline.name}) = ${ratio(t)}, target ≥ ${fmt(100 * t.minRatio)}%`;
    out(pass(t) ? `  ${green("PASS")}  ${line}` : `  ${red("MISS")}  ${line}   <<<<<< MISSED`);
  }
  for (const n of r.notes) out(n);
}

const START = "<!-- bench:append:start -->";
const END = "<!-- bench:append:end -->";

/** Replaces this benchmark's section of docs/benchmarks.md (created if missing), leaving others alone. */
export function updateDocs(file: string, r: Report) {
  const section = [
    START,
    `## ${r.title}`,
    "",
    `Command: \`${r.command}\``,
    "",
    ...r.context.map((c) => `- ${c}`),
    "",
    "| measurement | figure | p50 | p99 |",
    "|---|---:|---:|---:|",
    ...r.measurements.map((m) => `| ${m.name} | ${fmt(m.value)} ${m.unit} | ${fmt(m.p50, 1)} ms | ${fmt(m.p99, 1)} ms |`),
    "",
    "| target | measured | baseline (same run) | ratio | result |",
    "|---|---:|---:|---:|---|",
    ...r.targets.map(
      (t) => `| ${t.name} ≥ ${fmt(100 * t.minRatio)}% | ${fmt(t.measured.value)} ${t.measured.unit} | ${fmt(t.baseline.value)} ${t.baseline.unit} (${t.baseline.name}) | ${ratio(t)} | ${pass(t) ? "PASS" : "**MISS**"} |`,
    ),
    "",
    ...r.notes,
    END,
  ].join("\n");
  mkdirSync(path.dirname(file), { recursive: true });
  const current = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n\nFigures from the `npm run bench:*` scripts, each section rewritten by its own script.\n";
  const at = current.indexOf(START);
  const endAt = current.indexOf(END);
  const next = at >= 0 && endAt > at ? current.slice(0, at) + section + current.slice(endAt + END.length) : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
}
