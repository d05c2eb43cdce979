import { spawn } from "node:child_process";
import path from "node:path";
import { sampleTreeRss } from "../rss";

const ROOT = path.resolve(import.meta.dirname, "../../..");

export type RebuildRun = {
  events: number;
  seconds: number;
  /** Seconds until the fold had reached the log's end (the swap into the live tables follows). */
  foldSeconds: number;
  /** Largest VmHWM of the child's process tree once it had folded `markAt` events, and at its end. */
  markAt: number;
  hwmAtMarkMb: number | null;
  hwmEndMb: number;
  /**
   * Seconds the live projection took to catch up before the swap (a log just imported by COPY: the
   * worker's work, not the rebuild's; 0 once it is current), and the loop history's rebuild.
   */
  liveSeconds?: number;
  historySeconds?: number;
  /** Seconds the live projection took to catch up on the imported log before the rebuild started (bench:scale runs it first). */
  liveBeforeSeconds?: number;
  /** The live catch-up was skipped (--skip-live-catchup): its checkpoint moved to the log's end untold. */
  liveSkipped?: boolean;
  /** The settle step it started after (settle.ts); absent: run straight after the import (before 2026-12-03). */
  settled?: { load: number; seconds: number };
  /** (seconds, folded) as the rebuild printed them, about once a second. */
  progress: [number, number][];
  /**
   * The projector's rebuild alone (`--skip-history`), measured after the whole command, settled:
   * what the projector's target is read against (the loop history came later, beside it).
   */
  alone?: { events: number; seconds: number; hwmEndMb: number; at: string; settled?: { load: number; seconds: number } };
};

/**
 * `npm run projections:rebuild -- --fresh [args]` as a child process — what an operator runs — with its
 * memory read from /proc (VmHWM, the kernel's own peak, over its process tree): once its progress
 * passes `markAt` folded events, and at its end. The rebuild also leaves the live projection filled.
 */
export async function rebuildFromScratch(url: string, markAt: number, log: (s: string) => void, args: string[] = []): Promise<RebuildRun> {
  const t0 = performance.now();
  const child = spawn("npm", ["run", "--silent", "projections:rebuild", "--", "--fresh", ...args], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, DATABASE_URL: url },
  });
  let rss = sampleTreeRss(child.pid!, 100);
  let hwmAtMarkMb: number | null = null;
  const progress: [number, number][] = [];
  let foldSeconds = 0;
  let liveSeconds = 0;
  let historySeconds = 0;
  let events = 0;
  let stderr = "";
  let lastLog = 0;
  child.stdout!.on("data", (d: Buffer) => {
    for (const line of d.toString().trim().split("\n")) {
      const phase = /\] (live projection|loop history): \d+ events in ([\d.]+)s/.exec(line);
      if (phase?.[1] === "live projection") liveSeconds = Number(phase[2]);
      if (phase?.[1] === "loop history") historySeconds = Number(phase[2]);
      const m = /\] (folding|swapping|done): (\d+)/.exec(line);
      if (!m) continue;
      const n = Number(m[2]);
      const s = (performance.now() - t0) / 1000;
      if (m[1] === "folding") progress.push([s, n]);
      if (m[1] === "swapping" && foldSeconds === 0) foldSeconds = s;
      events = Math.max(events, n);
      if (hwmAtMarkMb === null && n >= markAt) {
        hwmAtMarkMb = rss.stop().peakHwmMb;
        rss = sampleTreeRss(child.pid!, 100);
      }
      if (s - lastLog > 30) {
        lastLog = s;
        log(`  rebuild: ${line.replace(/^\[rebuild\] /, "")}`);
      }
    }
  });
  child.stderr!.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  const hwmEndMb = Math.max(rss.stop().peakHwmMb, hwmAtMarkMb ?? 0);
  if (code !== 0) throw new Error(`projections:rebuild exited ${code}: ${stderr}`);
  return { events, seconds: (performance.now() - t0) / 1000, foldSeconds, liveSeconds, historySeconds, markAt, hwmAtMarkMb, hwmEndMb, progress };
}
