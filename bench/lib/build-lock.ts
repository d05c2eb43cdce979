import { spawn } from "node:child_process";
import { NEXT_LOCK } from "./server";

/**
 * Holds the team's build lock shared while a bench serves the production build: a `next build`
 * (which takes it exclusively) waits instead of replacing .next under the running server, and
 * other readers are not held up. Resolves once the lock is held; `release` ends the holder.
 */
export async function holdBuildLockShared(waitSeconds = 900): Promise<{ release: () => void }> {
  const p = spawn("flock", ["-s", "-w", String(waitSeconds), NEXT_LOCK, "-c", "echo locked; exec sleep 86400"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    p.stdout!.once("data", () => resolve());
    p.once("exit", (code) => reject(new Error(`could not take ${NEXT_LOCK} (flock exited ${code})`)));
  });
  return {
    release: () => {
      try {
        p.kill("SIGTERM");
      } catch {
        // already gone
      }
    },
  };
}
