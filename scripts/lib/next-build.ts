import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

/** Next's CLI, run with this Node (no shell, no npx). */
export function nextBin(): string {
  return createRequire(import.meta.url).resolve("next/dist/bin/next");
}

/** A build is needed when there is none, or when a source file is newer than it. */
export function needsBuild(): boolean {
  const buildId = path.join(root, ".next/BUILD_ID");
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  const inputs = ["src", "public", "next.config.js", "package-lock.json", "tsconfig.json"];
  return inputs.some((p) => newestMtime(path.join(root, p)) > built);
}

function newestMtime(p: string): number {
  if (!existsSync(p)) return 0;
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(p).map((name) => newestMtime(path.join(p, name))));
}

/** `next build` with output passed through; rejects on a failed build. `onChild` lets a caller stop it. */
export function buildNext(env: NodeJS.ProcessEnv = process.env, onChild?: (c: ChildProcess) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin(), "build"], { cwd: root, stdio: "inherit", env });
    onChild?.(child);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`next build failed (exit code ${code})`))));
  });
}
