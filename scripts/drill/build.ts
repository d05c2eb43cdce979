import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, readlinkSync, realpathSync } from "node:fs";
import { cp, mkdir, symlink } from "node:fs/promises";
import path from "node:path";
import { ensureFreshBuild } from "../lib/next-build";

const ROOT = path.resolve(import.meta.dirname, "../..");
/** The lock every command that builds or serves .next takes on this machine (shared working tree). */
const BUILD_LOCK = "/tmp/calm-next.lock";

/**
 * A private copy of the production build in `dest` (a project folder `next start <dest>` serves):
 * built first when the sources changed, under the build lock, then copied, so that another
 * engineer's `next build` cannot swap .next under the drill's server while it is killed and
 * restarted.
 */
export async function snapshotBuild(dest: string, env: NodeJS.ProcessEnv, log: (m: string) => void): Promise<void> {
  // Under `flock /tmp/calm-next.lock npm test` the lock is already ours: taking it again would wait forever.
  const release = lockHeldAbove(BUILD_LOCK) ? async () => undefined : await holdLock(BUILD_LOCK, log);
  try {
    await ensureFreshBuild(env, log);
    await mkdir(dest, { recursive: true });
    const cache = path.join(ROOT, ".next/cache");
    await cp(path.join(ROOT, ".next"), path.join(dest, ".next"), {
      recursive: true,
      verbatimSymlinks: true, // .next/node_modules links are relative: they resolve through dest/node_modules
      filter: (src) => src !== cache,
    });
  } finally {
    await release();
  }
  // The rest of the project is linked: next.config.js and what it imports, node_modules. Not the
  // dot-files: `next start` would read the project's .env, which is not the drill's configuration.
  for (const name of readdirSync(ROOT)) {
    if (!name.startsWith(".")) await symlink(path.join(ROOT, name), path.join(dest, name));
  }
}

/** Takes the lock with flock(1) in a child that holds it until released. */
function holdLock(file: string, log: (m: string) => void): Promise<() => Promise<void>> {
  return new Promise((resolve, reject) => {
    const child = spawn("flock", [file, "sh", "-c", "echo locked; exec cat"], { stdio: ["pipe", "pipe", "inherit"] });
    const waiting = setTimeout(() => log(`waiting for ${file} (another build or e2e run holds it)…`), 2000);
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`flock ${file} exited (code ${code})`)));
    child.stdout!.once("data", () => {
      clearTimeout(waiting);
      child.removeAllListeners("exit");
      const exited = new Promise<void>((done) => child.once("exit", () => done()));
      resolve(async () => {
        child.stdin!.end(); // cat ends, flock releases
        await exited;
      });
    });
  });
}

/** Whether a process this one descends from has `file` open (flock(1) holds its lock so). */
function lockHeldAbove(file: string): boolean {
  if (!existsSync(file)) return false;
  const target = realpathSync(file);
  for (let pid = process.ppid; pid > 1; pid = parentOf(pid)) {
    try {
      for (const fd of readdirSync(`/proc/${pid}/fd`)) {
        try {
          if (readlinkSync(`/proc/${pid}/fd/${fd}`) === target) return true;
        } catch {
          // an fd closed meanwhile
        }
      }
    } catch {
      return false; // no /proc (not Linux) or not ours to read
    }
  }
  return false;
}

function parentOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
}
