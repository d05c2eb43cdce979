import type { ChildProcess } from "node:child_process";

/**
 * Counts a child process's stdout lines by their first word, and waits for the `n`th line that
 * starts with `match` (the kill tests wait for "ready", "appended", "batch"… before a SIGKILL).
 * Rejects if the child exits first.
 */
export function lineWaiter(child: ChildProcess, name: string): (match: string, n: number) => Promise<void> {
  const counts = new Map<string, number>();
  const waiters: { match: string; n: number; resolve: () => void }[] = [];
  let buf = "";
  child.stdout!.on("data", (d: Buffer) => {
    buf += d.toString();
    const lines = buf.split("\n");
    buf = lines.pop()!;
    for (const line of lines) {
      const key = line.split(" ")[0]!;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      for (const w of waiters.filter((w) => (counts.get(w.match) ?? 0) >= w.n)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return (match, n) =>
    new Promise<void>((resolve, reject) => {
      if ((counts.get(match) ?? 0) >= n) return resolve();
      waiters.push({ match, n, resolve });
      void exited.then((code) => reject(new Error(`${name} exited (${code}) before ${n}× "${match}"`)));
    });
}
