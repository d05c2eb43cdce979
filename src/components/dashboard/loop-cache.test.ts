import { describe, expect, it } from "vitest";
import { findLoop, summaryWithout, withoutLoop } from "./loop-cache";
import type { LoopView } from "./types";

const loop = (id: string, over: Partial<LoopView> = {}) => ({ id, type: "new_lead", severity: "high", ...over }) as LoopView;

describe("optimistic cache edits", () => {
  const infinite = { pages: [{ items: [loop("a"), loop("b")], nextCursor: "x" }, { items: [loop("c")], nextCursor: null }], pageParams: [null, "x"] };

  it("removes a loop from every page of an infinite list, or from a single page", () => {
    expect(withoutLoop(infinite, "c").pages.map((p) => p.items.map((l) => l.id))).toEqual([["a", "b"], []]);
    expect(withoutLoop(infinite, "a").pageParams).toEqual([null, "x"]);
    expect(withoutLoop({ items: [loop("a")], nextCursor: null }, "a").items).toEqual([]);
    expect(withoutLoop(undefined, "a")).toBeUndefined();
  });

  it("finds a loop among cached lists", () => {
    expect(findLoop([["k1", undefined], ["k2", infinite]], "c")?.id).toBe("c");
    expect(findLoop([["k2", infinite]], "zz")).toBeUndefined();
  });

  it("takes one loop off the summary's counts, onto the snoozed ones when it was snoozed", () => {
    const summary = { total: 3, bySeverity: { high: 2, medium: 1 }, byType: { new_lead: { high: 2, medium: 1, total: 3, snoozed: 0 } }, snoozed: 0 };
    expect(summaryWithout(summary, loop("a"))).toEqual({
      total: 2,
      bySeverity: { high: 1, medium: 1 },
      byType: { new_lead: { high: 1, medium: 1, total: 2, snoozed: 0 } },
      snoozed: 0,
    });
    expect(summaryWithout(summary, loop("a"), true)).toMatchObject({ total: 2, snoozed: 1, byType: { new_lead: { total: 2, snoozed: 1 } } });
  });
});
