import { describe, expect, it } from "vitest";
import { createCoalescer } from "./append-coalescer";

/** A fake database call we release by hand, recording what each call carried. */
function harness(opts: { refuse?: (item: number) => boolean } = {}) {
  const calls: { kind: "group" | "one"; key: string; items: number[] }[] = [];
  const gates: (() => void)[] = [];
  const wait = () => new Promise<void>((r) => gates.push(r));
  const answer = (i: number) => {
    if (opts.refuse?.(i)) throw new Error(`refused ${i}`);
    return i * 10;
  };
  const c = createCoalescer<number, number>({
    maxInFlight: 1,
    maxGroup: 3,
    runGroup: async (key, items) => {
      calls.push({ kind: "group", key, items });
      await wait();
      return items.map(answer);
    },
    runOne: async (key, item) => {
      calls.push({ kind: "one", key, items: [item] });
      await wait();
      return answer(item);
    },
  });
  const releaseAll = async () => {
    for (let i = 0; i < 50 && (gates.length > 0 || i < 3); i++) {
      gates.splice(0).forEach((g) => g());
      await new Promise((r) => setTimeout(r, 0));
    }
  };
  return { c, calls, releaseAll };
}

describe("append coalescer", () => {
  it("sends a lone request at once, and groups those that arrive while it is in flight", async () => {
    const { c, calls, releaseAll } = harness();
    const first = c.submit("org", 1);
    expect(calls).toEqual([{ kind: "one", key: "org", items: [1] }]);
    const rest = [2, 3, 4, 5].map((i) => c.submit("org", i));
    await releaseAll();
    expect(await Promise.all([first, ...rest])).toEqual([10, 20, 30, 40, 50]);
    expect(calls.map((x) => `${x.kind}:${x.items.join(",")}`)).toEqual(["one:1", "group:2,3,4", "one:5"]);
  });

  it("never groups two keys (orgs) together", async () => {
    const { c, calls, releaseAll } = harness();
    const all = [c.submit("a", 1), c.submit("b", 2), c.submit("a", 3), c.submit("b", 4), c.submit("a", 5)];
    await releaseAll();
    expect(await Promise.all(all)).toEqual([10, 20, 30, 40, 50]);
    for (const call of calls) expect(new Set(call.items.map((i) => (i % 2 === 1 ? "a" : "b")))).toEqual(new Set([call.key]));
    expect(calls.some((x) => x.kind === "group" && x.key === "a")).toBe(true);
  });

  it("a refused group is retried one by one: only the refused request fails, with its own error", async () => {
    const { c, calls, releaseAll } = harness({ refuse: (i) => i === 3 });
    const all = [1, 2, 3, 4].map((i) => c.submit("org", i).then((v) => ({ ok: v }), (e: Error) => ({ err: e.message })));
    await releaseAll();
    expect(await Promise.all(all)).toEqual([{ ok: 10 }, { ok: 20 }, { err: "refused 3" }, { ok: 40 }]);
    expect(calls.map((x) => `${x.kind}:${x.items.join(",")}`)).toEqual(["one:1", "group:2,3,4", "one:2", "one:3", "one:4"]);
  });
});
