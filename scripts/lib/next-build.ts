import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { sourcesHash } from "./sources-hash.js";

const root = path.resolve(import.meta.dirname, "../..");

/**
 * Node's flags for a Next server (`next start` serves in the process Node starts, and by default
 * runs the worker there too: the projector, the relay). A larger young generation, as `npm run
 * worker` has: a projector catching up allocates fast, and with the default one the collector took
 * 19% of its process's CPU (a profile of bench/projector-profile.ts, 2026-12-02). The worker's job
 * over a 1 M-event log, two interleaved pairs: 12,062 and 15,307 events/s with the flag, 11,411
 * and 14,783 without (its CPU per event 4–7% lower). The bench and e2e servers start with the
 * same flags, so that they measure what `npm start` runs.
 */
export const NEXT_SERVER_NODE_FLAGS = ["--max-semi-space-size=64"];

/** Next's CLI, run with this Node (no shell, no npx). */
export function nextBin(): string {
  return createRequire(import.meta.url).resolve("next/dist/bin/next");
}

/**
 * A build is needed when there is none, or when it was made from other sources than those here
 * now: its id is the hash of the sources it was built from (next.config.js, sources-hash.js).
 */
export function needsBuild(): boolean {
  const buildId = path.join(root, ".next/BUILD_ID");
  return !existsSync(buildId) || readFileSync(buildId, "utf8").trim() !== sourcesHash();
}

/** `next build` with output passed through; rejects on a failed build. `onChild` lets a caller stop it. */
export function buildNext(env: NodeJS.ProcessEnv = process.env, onChild?: (c: ChildProcess) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin(), "build"], { cwd: root, stdio: "inherit", env });
    onChild?.(child);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`next build failed (exit code ${code})`))));
  });
}

/**
 * Builds unless the build matches the sources; builds again if they changed while it ran, and
 * refuses to go on with a stale build (the e2e suite must test the code as it is: issue 9).
 */
export async function ensureFreshBuild(env: NodeJS.ProcessEnv, log: (m: string) => void): Promise<void> {
  for (let builds = 0; needsBuild(); builds++) {
    if (builds === 2) throw new Error("the sources changed during each of two `next build` runs: refusing to test a stale build");
    log(builds === 0 ? "building the app (next build)…" : "the sources changed during the build: building again…");
    await buildNext(env);
  }
}
