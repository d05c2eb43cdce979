import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BEGIN, END, resultsTable, writeResults } from "./report";
import { type Arrival, completeAt, tally } from "./tally";
import { verdict } from "./verdict";
import type { Census } from "./verify";
import type { WrittenEvent } from "./writer";

const ev = (id: string, phase: string, ackedAt?: number): WrittenEvent => ({ id, phase, entityId: `d-${id}`, firstAttemptAt: 0, ackedAt });
const everywhere = (t: number): Arrival => ({ inStreamAt: t, projectedAt: t, deliveredAt: t });

describe("the drill's tally", () => {
  const events = [ev("a", "steady", 100), ev("b", "steady", 200), ev("c", "pg", 1000), ev("d", "pg", 5000), ev("e", "pg", 5100), ev("f", "pg")];
  const census: Census = {
    inLog: new Map([["a", 1], ["b", 1], ["c", 1], ["d", 1]]), // e acknowledged, yet not in the log
    inStream: new Map([["a", 1], ["b", 2], ["c", 1], ["d", 1]]), // b twice
    projected: new Set(["a", "b", "c", "d"]),
    delivered: new Map([["a", 1], ["b", 1], ["c", 3], ["d", 1]]), // redeliveries are not duplicates
    pendingDeliveries: 0,
    deadLetters: 0,
  };
  const arrivals = new Map([["a", everywhere(150)], ["b", everywhere(250)], ["c", everywhere(1100)], ["d", everywhere(7000)], ["e", everywhere(5200)]]);
  const rows = tally(events, census, arrivals, [{ phase: "steady", label: "steady" }, { phase: "pg", label: "(b) pg" }], [
    { phase: "pg", label: "(b) pg", startedAt: 1200, repairedAt: 4000 },
  ]);

  it("counts per phase: exactly once, duplicates beyond the first copy, lost when missing anywhere", () => {
    expect(rows[0]).toMatchObject({ label: "steady", attempted: 2, acknowledged: 2, inLog: 2, inStream: 1, duplicates: 1, lost: 0, delivered: 2 });
    expect(rows[1]).toMatchObject({ label: "(b) pg", attempted: 4, acknowledged: 3, inLog: 2, inStream: 2, projected: 2, duplicates: 0, lost: 1 });
    expect(rows[2]).toMatchObject({ label: "all phases", attempted: 6, acknowledged: 5, duplicates: 1, lost: 1 });
  });

  it("a fault's pause is the longest ack gap up to the first ack after the repair; recovery ends when what was acked by then arrived", () => {
    expect(rows[1]!.pausedS).toBe(4); // 1000 → 5000
    expect(rows[1]!.recoveredS).toBe(3); // d (acked 5000) arrived at 7000, 3 s after the repair at 4000
    expect(rows[0]!.pausedS).toBeUndefined();
  });

  it("completeAt waits for every acknowledged event up to t to arrive everywhere", () => {
    expect(completeAt(events, arrivals, 1000)).toBe(1100);
    expect(completeAt(events, new Map([...arrivals, ["c", { inStreamAt: 1100, projectedAt: 1100 }]]), 1000)).toBeNull();
  });

  it("the table has a line per row, and the results replace only what lies between the page's markers", () => {
    const table = resultsTable(rows);
    expect(table.split("\n")).toHaveLength(2 + rows.length);
    expect(table).toContain("| (b) pg | 4 | 3 | 2 | 2 | 2 | 2 | 0 | 1 | 4.0 | 3.0 |");
    const file = path.join(mkdtempSync(path.join(tmpdir(), "drill-doc-")), "reliability.md");
    writeFileSync(file, `# Title\n\n${BEGIN}\nold\n${END}\n\nafter\n`);
    writeResults(file, "new table");
    expect(readFileSync(file, "utf8")).toBe(`# Title\n\n${BEGIN}\nnew table\n${END}\n\nafter\n`);
    writeFileSync(file, "no markers");
    expect(() => writeResults(file, "x")).toThrow(/lacks the markers/);
  });
});

describe("the drill's verdict", () => {
  const census = (over: Partial<Census> = {}): Census => ({
    inLog: new Map([["a", 1], ["b", 1]]),
    inStream: new Map([["a", 1], ["b", 1]]),
    projected: new Set(["a", "b"]),
    delivered: new Map([["a", 1], ["b", 2]]),
    pendingDeliveries: 0,
    deadLetters: 0,
    ...over,
  });
  const events = [{ ...ev("a", "steady", 1), answerDropped: true, duplicateAnswer: true }, ev("b", "steady", 2)];
  const judge = (c: Census, es = events, refusals: string[] = []) =>
    verdict(es, tally(es, c, new Map(), [], []).at(-1)!, c, { refusals, badSignatures: 0 });

  it("passes a run where every acknowledged event is everywhere once, redeliveries allowed", () => {
    expect(judge(census())).toEqual([]);
  });

  it("names each way a run can fail", () => {
    expect(judge(census({ inStream: new Map([["a", 1], ["b", 2]]) }))).toEqual([
      "acknowledged appends not exactly once in the log or the stream",
      "1 duplicate row(s) or stream entr(y/ies)",
    ]);
    expect(judge(census({ projected: new Set(["a"]) }))).toEqual(["1 acknowledged append(s) missing from the log, the stream, the projection or the webhook"]);
    expect(judge(census(), [{ ...events[0]!, duplicateAnswer: false }, events[1]!])).toEqual([
      "1 event(s) sent again after a thrown-away answer did not come back as duplicates",
    ]);
    expect(judge(census(), [...events, ev("c", "steady")])).toEqual(["1 append(s) never acknowledged"]);
    expect(judge(census({ inLog: new Map([["a", 1], ["b", 1], ["x", 1]]) }))).toEqual(["the log holds events the writer never sent"]);
    expect(judge(census({ deadLetters: 1, pendingDeliveries: 2 }), events, ["events.append HTTP 400"])).toEqual([
      "an append was refused: events.append HTTP 400",
      "1 dead letter(s)",
      "2 deliveries still pending",
    ]);
  });
});
