import { describe, expect, it } from "vitest";
import { rowToEvent } from "../events/stored-event";
import { type EncodedEntries, NulInEntryError, encodeEntries } from "./append-batch";
import { EVENT_ROW_ENTRIES, type EntryFormat, type EventEntryRow, STREAM_FIELDS, streamValues } from "./stream-fields";

/** What the append script reads back: struct.unpack('s…s') on each chunk, i.e. the UTF-8 text up to each zero byte. */
function decode(encoded: EncodedEntries, width: number): string[][] {
  const rows: string[][] = [];
  for (const { values } of encoded.chunks) {
    expect(values.at(-1)).toBe(0); // every value terminated, the last one too
    let row: string[] = [];
    for (let at = 0; at < values.length; ) {
      const end = values.indexOf(0, at);
      row.push(values.toString("utf8", at, end));
      at = end + 1;
      if (row.length === width) {
        rows.push(row);
        row = [];
      }
    }
    expect(row).toEqual([]); // chunks hold whole entries
  }
  return rows;
}

const FIELDS = ["a", "b", "c"] as const;
const raw: EntryFormat<string[]> = { fields: FIELDS, values: (r) => r };

const AWKWARD = [
  ["", "", ""],
  ['"quoted"', "back\\slash \\u0000 (six characters)", "tab\tnew\nline\r\u0001\u001f\u007f"],
  ["émoji 🎉👩‍👩‍👧", "中文, 日本語, 한국어", "\u2028\u2029 e\u0301 \uFEFF"],
  ["x".repeat(300_000), JSON.stringify({ text: "a\u0000b", nested: { q: '"', u: "ü" } }), "0"],
  ["[", "]", ","],
];

describe("encodeEntries", () => {
  it("round-trips every value exactly, zero-terminated, as the append script reads them", () => {
    const enc = encodeEntries(raw, AWKWARD);
    expect(enc.rows).toBe(AWKWARD.length);
    expect(decode(enc, FIELDS.length)).toEqual(AWKWARD);
  });

  it("splits at about maxBytes, after whole entries, each chunk naming its last row", () => {
    const rows = Array.from({ length: 50 }, (_, i) => [`row ${i}`, "ü".repeat(i), "v".repeat(100)]);
    const enc = encodeEntries(raw, rows, 1000);
    expect(enc.chunks.length).toBeGreaterThan(5);
    expect(enc.chunks.at(-1)!.last).toBe(49);
    let first = 0;
    for (const c of enc.chunks) {
      expect(decode({ rows: 0, chunks: [c] }, 3)).toEqual(rows.slice(first, c.last + 1));
      first = c.last + 1;
    }
    expect(encodeEntries(raw, rows, 1).chunks.map((c) => c.last)).toEqual(rows.map((_, i) => i)); // one entry per script
    expect(encodeEntries(raw, rows).chunks).toHaveLength(1);
    expect(encodeEntries(raw, [])).toEqual({ rows: 0, chunks: [] });
  });

  it("refuses a value holding a zero byte rather than shifting the fields after it", () => {
    for (const bad of [["a\0b", "", ""], ["", "", "\0"], ["", "\u0000", ""]]) {
      expect(() => encodeEntries(raw, [["ok", "ok", "ok"], bad])).toThrow(NulInEntryError);
    }
    expect(() => encodeEntries(raw, [["too", "few"]])).toThrow(/2 values for 3 fields/);
  });

  it("a NUL in a payload travels as JSON's \\u0000 and comes back as the same JSON", () => {
    const row = eventRow({ text: "before\u0000after", list: ["\u0000"] });
    const [values] = decode(encodeEntries(EVENT_ROW_ENTRIES, [row]), STREAM_FIELDS.length);
    expect(values!.at(-1)).toBe('{"text":"before\\u0000after","list":["\\u0000"]}');
    expect(JSON.parse(values!.at(-1)!)).toEqual(row.payload);
  });

  it("the relay's rows give the same values as whole events (streamValues)", () => {
    const row = eventRow({ text: "Called back: \"Friday\" 🎉", amount: 1.5, nested: { a: [1, null, true] } });
    const event = rowToEvent({ ...row, created_at: "2026-11-02T00:00:00.000Z", entity_version: 3 });
    expect(EVENT_ROW_ENTRIES.values(row)).toEqual(streamValues(event));
    expect(decode(encodeEntries(EVENT_ROW_ENTRIES, [row, row]), STREAM_FIELDS.length)).toEqual([streamValues(event), streamValues(event)]);
  });
});

function eventRow(payload: unknown): EventEntryRow {
  return {
    id: "0190b000-0000-7000-8000-0000000000aa",
    org_id: "0190b000-0000-7000-8000-0000000000bb",
    event_type: "note_added",
    occurred_at: "2026-11-01T10:00:00.123Z",
    actor_id: "0190b000-0000-7000-8000-0000000000cc",
    actor_type: "user",
    primary_entity_type: "deal",
    primary_entity_id: "0190b000-0000-7000-8000-0000000000dd",
    position: 123456,
    payload,
  };
}
