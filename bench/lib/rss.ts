import { readFileSync, readdirSync } from "node:fs";

/**
 * Samples the memory of a process and all its descendants from /proc: the peak of the tree's
 * summed VmRSS, and the largest VmHWM (the kernel's own per-process peak) seen.
 */
export function sampleTreeRss(rootPid: number, everyMs = 200) {
  let peakTreeKb = 0;
  let peakHwmKb = 0;
  const tick = () => {
    let sum = 0;
    for (const pid of treeOf(rootPid)) {
      const status = read(`/proc/${pid}/status`);
      sum += kb(status, "VmRSS");
      peakHwmKb = Math.max(peakHwmKb, kb(status, "VmHWM"));
    }
    peakTreeKb = Math.max(peakTreeKb, sum);
  };
  tick();
  const timer = setInterval(tick, everyMs);
  return {
    stop() {
      clearInterval(timer);
      tick();
      return { peakTreeMb: peakTreeKb / 1024, peakHwmMb: peakHwmKb / 1024 };
    },
  };
}

function treeOf(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    const stat = read(`/proc/${d}/stat`);
    // Fields after the parenthesised name: state, ppid, ...
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid)!.push(Number(d));
  }
  const out: number[] = [];
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    out.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

function read(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return ""; // the process ended between listing and reading
  }
}

const kb = (status: string, field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0);
