import type { LoopPage, LoopSummary, LoopView } from "./types";

type Infinite = { pages: LoopPage[]; pageParams: unknown[] };

const isInfinite = (d: unknown): d is Infinite => !!d && typeof d === "object" && Array.isArray((d as Infinite).pages);
const isPage = (d: unknown): d is LoopPage => !!d && typeof d === "object" && Array.isArray((d as LoopPage).items);

/** A cached loops.list result (infinite or single page) without one loop: the optimistic removal. */
export function withoutLoop<T>(data: T, loopId: string): T {
  const drop = (p: LoopPage): LoopPage => ({ ...p, items: p.items.filter((l) => l.id !== loopId) });
  if (isInfinite(data)) return { ...data, pages: data.pages.map(drop) } as T;
  if (isPage(data)) return drop(data) as T;
  return data;
}

/** The loop with this id in any of the cached lists. */
export function findLoop(cached: [unknown, unknown][], loopId: string): LoopView | undefined {
  for (const [, data] of cached) {
    const pages = isInfinite(data) ? data.pages : isPage(data) ? [data] : [];
    for (const p of pages) {
      const hit = p.items.find((l) => l.id === loopId);
      if (hit) return hit;
    }
  }
  return undefined;
}

/** The summary's counts with one active loop fewer; `snoozed`: it left the lists for the snoozed ones. */
export function summaryWithout(summary: LoopSummary, loop: Pick<LoopView, "type" | "severity">, snoozed = false): LoopSummary {
  const dec = (n: number) => Math.max(0, n - 1);
  const t = summary.byType[loop.type];
  return {
    ...summary,
    snoozed: summary.snoozed + (snoozed ? 1 : 0),
    total: dec(summary.total),
    bySeverity: { ...summary.bySeverity, [loop.severity]: dec(summary.bySeverity[loop.severity]) },
    byType: t
      ? { ...summary.byType, [loop.type]: { ...t, [loop.severity]: dec(t[loop.severity]), total: dec(t.total), snoozed: t.snoozed + (snoozed ? 1 : 0) } }
      : summary.byType,
  };
}
