import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiCaller, newOrg } from "../../../tests/helpers/callers";
import { leadCreated } from "../../../tests/helpers/events";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { runProjector } from "../projector/open-loops-projector";
import { CHANNELS, encodeSignal } from "../signals/channels";
import { pgListenerFor } from "../signals/pg-listener";
import { createCaller } from "../trpc/root";
import { createInnerContext } from "../trpc/context";
import { loopsChanges } from "./loops-changed";

const ORG_B = "0193a000-0000-7000-8000-00000000000b";

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb(4);
});
afterAll(async () => {
  if (db) await pgListenerFor(db.url).close(); // the process-wide one the streams use
  await db?.drop();
});

const notifyFromElsewhere = (orgs: string[]) =>
  db.pool.query("SELECT pg_notify($1, $2)", [CHANNELS.loopsChanged, encodeSignal("another-instance", orgs)]);

describe("live.loopsChanged", () => {
  it("streams ready, then a change at once, a burst as one more message, and ends on abort", async () => {
    const abort = new AbortController();
    const stream = loopsChanges(db.url, ORG_B, abort.signal);
    expect((await stream.next()).value).toMatchObject({ kind: "ready" });
    const first = stream.next();
    await notifyFromElsewhere([ORG_B]);
    expect((await first).value).toMatchObject({ kind: "changed" });
    // Three more while the client is busy with the first: one message for all of them.
    await notifyFromElsewhere([ORG_B]);
    await notifyFromElsewhere([ORG_B]);
    await notifyFromElsewhere([ORG_B]);
    await new Promise((r) => setTimeout(r, 300));
    expect((await stream.next()).value).toMatchObject({ kind: "changed" });
    const after = stream.next();
    const raced = await Promise.race([after.then(() => "message"), new Promise((r) => setTimeout(() => r("quiet"), 400))]);
    expect(raced).toBe("quiet");
    abort.abort();
    expect(await after).toMatchObject({ done: true });
  });

  it("reports a loop opened by an append from another client, projected in this process, to that org only", async () => {
    const org = await newOrg(db.pool);
    const other = await newOrg(db.pool, "Other Org");
    const abort = new AbortController();
    const caller = (o: typeof org) =>
      createCaller(
        createInnerContext({
          caller: { kind: "session", orgId: o.orgId, userId: o.userId, actor: { id: o.userId, type: "user" } },
          db: db.pool,
        }),
        { signal: abort.signal },
      );
    const [mineIt, theirsIt] = [
      (await caller(org).live.loopsChanged())[Symbol.asyncIterator](),
      (await caller(other).live.loopsChanged())[Symbol.asyncIterator](),
    ];
    expect((await mineIt.next()).value).toMatchObject({ kind: "ready" });
    expect((await theirsIt.next()).value).toMatchObject({ kind: "ready" });

    const theirNext = theirsIt.next();
    const myNext = mineIt.next();
    await apiCaller(db.pool, org).events.append(leadCreated());
    // The pass an append wakes (no scheduler runs in this test: run it by hand until it projects).
    for (let i = 0; i < 100 && (await runProjector(db.pool, () => new Date("2026-11-02T10:00:00Z"))).processed === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await myNext).value).toMatchObject({ kind: "changed" });
    const raced = await Promise.race([theirNext.then(() => "theirs"), new Promise((r) => setTimeout(() => r("quiet"), 500))]);
    expect(raced).toBe("quiet");
    abort.abort();
  });

  it("refuses a caller without a credential", async () => {
    const anon = createCaller(createInnerContext({ caller: null, db: db.pool }));
    await expect(anon.live.loopsChanged()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
