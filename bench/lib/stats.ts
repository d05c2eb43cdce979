/** The q-quantile (0..1) of the samples, nearest-rank. */
export function quantile(samples: number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Runs `worker` on `n` concurrent lanes until `ms` have passed; returns the real elapsed seconds. */
export async function forDuration(ms: number, n: number, worker: () => Promise<void>): Promise<number> {
  const start = performance.now();
  const end = start + ms;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (performance.now() < end) await worker();
    }),
  );
  return (performance.now() - start) / 1000;
}

export const fmt = (n: number, digits = 0) =>
  Number.isFinite(n) ? n.toLocaleString("en", { maximumFractionDigits: digits, minimumFractionDigits: digits }) : "n/a";
