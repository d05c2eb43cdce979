import { spawn } from "node:child_process";
import { NEXT_LOCK } from "./server";

/**
 * Holds the team's build lock shared while a bench serves the production build: a `next build`
 * (which takes it exclusively) waits instead of replacing .next under the running server, and
 * other readers are not held up. Resolves once the lock is held; `release` lets it go.
 *
 * The holder is one process (`flock -F` execs its command instead of forking a child that would
 * keep the lock if only flock were killed) that waits on a pipe from this process: released by
 * `release`, and by this process's own exit or crash (the pipe closes), never left behind.
 */
export async function holdBuildLockShared(waitSeconds = 900): Promise<{ release: () => void }> {
  const p = spawn("flock", ["-s", "-F", "-w", String(waitSeconds), NEXT_LOCK, "sh", "-c", "echo locked; read _ignored"], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    p.stdout!.once("data", () => resolve());
    p.once("exit", (code) => reject(new Error(`could not take ${NEXT_LOCK} (flock exited ${code})`)));
  });
  return {
    release: () => {
      p.stdin!.end();
      p.kill("SIGTERM");
    },
  };
}
