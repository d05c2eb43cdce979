import { describe, expect, it } from "vitest";
import { changeCountsWords, groupChanges, parseSince, sinceHref } from "./since";

const c = (kind: "opened" | "closed" | "escalated" | "woke", at: string, id = at) => ({ kind, changed_at: at, id });

describe("the changes since a moment", () => {
  it("are grouped by kind, what is new first, newest first within a group", () => {
    const groups = groupChanges([
      c("closed", "2026-11-29T10:00:00Z"),
      c("opened", "2026-11-28T10:00:00Z"),
      c("escalated", "2026-11-29T11:00:00Z"),
      c("opened", "2026-11-29T09:00:00Z"),
      c("opened", "2026-11-27T09:00:00Z"),
    ]);
    expect(groups.map((g) => [g.kind, g.items.map((i) => i.changed_at.slice(0, 10))])).toEqual([
      ["opened", ["2026-11-29", "2026-11-28", "2026-11-27"]],
      ["escalated", ["2026-11-29"]],
      ["closed", ["2026-11-29"]],
    ]);
  });

  it("are counted in one calm line", () => {
    expect(changeCountsWords(groupChanges([c("opened", "a1"), c("closed", "a2"), c("opened", "a3"), c("opened", "a4")]))).toBe("3 opened, 1 closed.");
    expect(changeCountsWords(groupChanges([c("woke", "a1")]))).toBe("1 back from a snooze.");
    expect(changeCountsWords([])).toBe("Nothing changed.");
  });
});

describe("the Since view's URL", () => {
  const NOW = Date.parse("2026-11-30T12:00:00Z");
  it("round-trips a moment and its basis; as it happened is the default", () => {
    const m = { at: Date.parse("2026-11-23T08:30:00Z"), basis: "recorded" as const };
    const href = sinceHref(m);
    expect(href).toBe("/since?from=2026-11-23T08%3A30%3A00.000Z&basis=recorded");
    const q = new URL(href, "http://x").searchParams;
    expect(parseSince({ from: q.get("from"), basis: q.get("basis") }, NOW)).toEqual(m);
    expect(sinceHref({ at: m.at, basis: "occurred" })).toBe("/since?from=2026-11-23T08%3A30%3A00.000Z");
  });

  it("without a past from, means since your last visit", () => {
    expect(sinceHref({ at: null, basis: "occurred" })).toBe("/since");
    expect(parseSince({ from: "2026-12-24T00:00:00Z" }, NOW)).toEqual({ at: null, basis: "occurred" });
    expect(parseSince({ from: "soon" }, NOW)).toEqual({ at: null, basis: "occurred" });
  });
});
