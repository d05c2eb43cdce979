// One JSON file per size under bench/results/ (git-ignored): each step's latest figures, so a run
// of some steps at 10 M keeps the others, and the docs section is written from all sizes at once.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { AppendCompare } from "./append-compare";
import type { IndexCost, IndexEarning } from "./index-cost";
import type { PartitionExperiment, PgliteFacts } from "./partitioning";
import type { Plan } from "./plans";
import type { LogMeta } from "./prepare";
import type { Dist, ProbeResult } from "./read-probes";
import type { RebuildRun } from "./rebuild-run";
import type { RelayCatchUp } from "./relay-catchup";
import type { Storage } from "./storage";

export type Machine = { at: string; load: number[]; cpus: string; node: string; command: string };

export type SizeResult = {
  size: number;
  db: string;
  log: LogMeta;
  rebuild: RebuildRun & { at: string };
  storage?: Storage & Machine;
  /** An append step has written to (and trimmed) this log since it was generated: sizes are no longer re-measured. */
  appendedTo?: boolean;
  /** `at`/`load`: the server-side run; `httpAt`: when and under what load the HTTP figures were taken. */
  reads?: { probes: ProbeResult[]; noop: Dist | null; plans: Record<string, Plan[]>; build: string | null; httpAt?: Machine | null } & Machine;
  /** Index scans of system_events per workload, as the cumulative statistics counted them. */
  indexUse?: Record<string, Record<string, number>>;
  appends?: AppendCompare & Machine;
  /** The same comparison with `dropped` removed from both logs: the proposed index set. */
  appendsProposed?: AppendCompare & Machine & { dropped: string[] };
  indexCost?: { costs: IndexCost[]; earnings?: IndexEarning[]; rows: number; statements: number; rounds: number } & Machine;
  relay?: RelayCatchUp & Machine;
  /** The live projector's catch-up from an empty projection, per batch size (CPU µs per event here and in Postgres). */
  projector?: { runs: { batch: number; perSec: number; cpuUsPerEvent: number; pgCpuUsPerEvent: number | null }[] } & Machine;
  partition?: PartitionExperiment & Machine;
  pglite?: PgliteFacts;
};

const DIR = path.resolve(import.meta.dirname, "../../results");
const fileOf = (size: number) => path.join(DIR, `scale-${size}.json`);

export function loadResult(size: number): SizeResult | null {
  return existsSync(fileOf(size)) ? (JSON.parse(readFileSync(fileOf(size), "utf8")) as SizeResult) : null;
}

export function saveResult(r: SizeResult) {
  mkdirSync(DIR, { recursive: true });
  writeFileSync(fileOf(r.size), `${JSON.stringify(r, null, 1)}\n`);
}

/** Every size measured so far, smallest first. */
export function allResults(): SizeResult[] {
  if (!existsSync(DIR)) return [];
  return readdirSync(DIR)
    .filter((f) => /^scale-\d+\.json$/.test(f))
    .map((f) => JSON.parse(readFileSync(path.join(DIR, f), "utf8")) as SizeResult)
    .sort((a, b) => a.size - b.size);
}
