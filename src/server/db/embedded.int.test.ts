import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newOrg } from "../../../tests/helpers/callers";
import { leadCreated, noteOn } from "../../../tests/helpers/events";
import { appendEvents } from "../events/append";
import { joinArrays } from "../projector/write-parts";
import { EmbeddedPostgresBusyError, startEmbeddedPostgres, type EmbeddedPostgres } from "./embedded";
import { applyMigrations } from "./migrate/apply-migrations";
import { createPool } from "./pool";
import { keepsNamedStatements, takesCopyIn } from "./server-features";

// What `npm start` runs on when DATABASE_URL is unset: PGlite behind pglite-socket.
let dir: string;
let running: EmbeddedPostgres | undefined;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "calm-embedded-"));
});
afterAll(async () => {
  await running?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("the embedded Postgres", () => {
  it("takes the migrations, the append path, xid8 snapshots and advisory locks, and keeps data across restarts", { timeout: 180_000 }, async () => {
    const dataDir = path.join(dir, "pglite");
    running = await startEmbeddedPostgres({ dataDir, port: 0 });
    expect(await applyMigrations(running.url)).toContain("20261126000000_init");

    const pool = createPool(running.url, 5);
    // One backend for every connection: named statements would clash (db/server-features.ts).
    expect(await keepsNamedStatements(pool)).toBe(false);
    // Nor COPY … FROM STDIN: the rebuilds write by INSERT here (scripts/rebuild-embedded.int.test.ts).
    expect(await takesCopyIn(pool)).toBe(false);
    const org = await newOrg(pool);
    const [first] = await appendEvents(pool, { orgId: org.orgId }, [leadCreated()]);
    expect(first?.event.position).toBeGreaterThan(0);
    // Concurrent appends from several pooled connections: the socket server keeps each transaction whole.
    const deal = first!.event.primary_entity;
    await Promise.all(Array.from({ length: 8 }, (_, i) => appendEvents(pool, { orgId: org.orgId }, [noteOn(deal, `n${i}`)])));
    const versions = await pool.query<{ v: number }>(
      "SELECT entity_version AS v FROM system_events WHERE primary_entity_id = $1 ORDER BY 1",
      [deal.id],
    );
    expect(versions.rows.map((r) => r.v)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);

    const snap = await pool.query<{ tx: string; xmin: string; horizon: string }>(
      "SELECT max(tx_id)::text AS tx, pg_snapshot_xmin(pg_current_snapshot())::text AS xmin, calm_log_horizon()::text AS horizon FROM system_events",
    );
    expect(BigInt(snap.rows[0]!.tx)).toBeLessThan(BigInt(snap.rows[0]!.xmin));
    expect(BigInt(snap.rows[0]!.tx)).toBeLessThan(BigInt(snap.rows[0]!.horizon)); // the subscribers' horizon works here too
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      const lock = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_xact_lock(4242) AS ok");
      expect(lock.rows[0]?.ok).toBe(true);
      await client.query("COMMIT");
    } finally {
      client.release();
    }

    // The projector's batches of several chunks travel as jsonb's binary input (write-parts.ts).
    const doc = joinArrays([JSON.stringify([["Café", 1]]), JSON.stringify([["日本", 2]])]);
    const elements = await pool.query<{ v: unknown }>("SELECT v FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(v, i) ORDER BY i", [doc]);
    expect(elements.rows.map((r) => r.v)).toEqual([["Café", 1], ["日本", 2]]);

    // A second server on the same directory is refused, whatever its port.
    await expect(startEmbeddedPostgres({ dataDir, port: 0 })).rejects.toBeInstanceOf(EmbeddedPostgresBusyError);
    // …and so is a second server on the same port.
    await expect(startEmbeddedPostgres({ dataDir: path.join(dir, "other"), port: running.port })).rejects.toThrow(
      /already in use/,
    );

    await pool.end();
    await running.stop();
    running = await startEmbeddedPostgres({ dataDir, port: 0 });
    expect(await applyMigrations(running.url)).toEqual([]);
    const again = createPool(running.url, 2);
    try {
      const count = await again.query<{ n: number }>("SELECT count(*)::int AS n FROM system_events WHERE org_id = $1", [org.orgId]);
      expect(count.rows[0]?.n).toBe(9);
      // pg_trgm is loaded on every start: entities.search's trigram match works on the embedded database.
      const found = await again.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM system_events WHERE org_id = $1
            AND event_type IN ('lead_created', 'invoice_issued', 'client_created', 'client_updated')
            AND calm_search_text(event_type, payload) LIKE '%ne do%'`,
        [org.orgId],
      );
      expect(found.rows[0]?.n).toBe(1);
      const trigrams = await again.query<{ t: string[] }>("SELECT show_trgm('Jane') AS t");
      expect(trigrams.rows[0]?.t).toContain("jan");
    } finally {
      await again.end();
    }
  });
});

/** Frontend wire-protocol messages, written by hand: the test decides where each write ends. */
const wire = {
  message(type: string, body: Buffer): Buffer {
    const head = Buffer.alloc(5);
    head.write(type, 0, "latin1");
    head.writeInt32BE(body.length + 4, 1);
    return Buffer.concat([head, body]);
  },
  cstr: (s: string) => Buffer.from(`${s}\0`, "utf8"),
  int16(n: number): Buffer {
    const b = Buffer.alloc(2);
    b.writeInt16BE(n);
    return b;
  },
  int32(n: number): Buffer {
    const b = Buffer.alloc(4);
    b.writeInt32BE(n);
    return b;
  },
  startup(): Buffer {
    const body = Buffer.concat([wire.int32(196608), wire.cstr("user"), wire.cstr("postgres"), wire.cstr("database"), wire.cstr("postgres"), Buffer.from([0])]);
    return Buffer.concat([wire.int32(body.length + 4), body]);
  },
  parse: (sql: string) => wire.message("P", Buffer.concat([wire.cstr(""), wire.cstr(sql), wire.int16(0)])),
  bindExecuteSync(values: string[]): Buffer {
    const params = values.map((v) => Buffer.concat([wire.int32(Buffer.byteLength(v)), Buffer.from(v)]));
    const bind = wire.message("B", Buffer.concat([wire.cstr(""), wire.cstr(""), wire.int16(0), wire.int16(values.length), ...params, wire.int16(0)]));
    return Buffer.concat([bind, wire.message("E", Buffer.concat([wire.cstr(""), wire.int32(0)])), wire.message("S", Buffer.alloc(0))]);
  },
};

/** A raw connection: what it received so far, and a wait for its next ReadyForQuery. */
async function rawConnection(port: number) {
  const socket = net.connect(port, "127.0.0.1");
  await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
  let received = Buffer.alloc(0);
  let ready = 0;
  const waiters: (() => void)[] = [];
  socket.on("data", (d: Buffer) => {
    received = Buffer.concat([received, d]);
    // Count ReadyForQuery messages ('Z', length 5) in what arrived so far.
    let n = 0;
    for (let at = 0; at + 5 <= received.length; at += 1 + received.readInt32BE(at + 1)) if (received[at] === 0x5a) n++;
    ready = n;
    waiters.splice(0).forEach((w) => w());
  });
  const readyCount = (n: number) =>
    new Promise<void>((resolve) => {
      const check = () => (ready >= n ? resolve() : waiters.push(check));
      check();
    });
  socket.write(wire.startup());
  await readyCount(1);
  return {
    write: (b: Buffer) => socket.write(b),
    readyCount,
    /** Message types since the start-up, parameter reports left out: e.g. 1 2 D C Z, or with an E(rror). */
    types: () => {
      const out: string[] = [];
      for (let at = 0; at + 5 <= received.length; at += 1 + received.readInt32BE(at + 1)) out.push(String.fromCharCode(received[at]!));
      return out.slice(out.indexOf("Z") + 1).filter((t) => t !== "S");
    },
    close: () => socket.destroy(),
  };
}

describe("the embedded Postgres with several connections querying at once", () => {
  it("runs each connection's parameterized query whole, even when another's arrives between its Parse and its Bind", { timeout: 180_000 }, async () => {
    const db = await startEmbeddedPostgres({ dataDir: path.join(dir, "interleave"), port: 0 });
    try {
      const a = await rawConnection(db.port);
      const b = await rawConnection(db.port);
      // A parses a 3-parameter query and, as a client under load may, sends its Bind a moment later.
      a.write(wire.parse("SELECT $1::int + $2::int + $3::int AS sum"));
      await new Promise((r) => setTimeout(r, 100));
      // Meanwhile B runs a whole 1-parameter query.
      b.write(Buffer.concat([wire.parse("SELECT $1::int AS one"), wire.bindExecuteSync(["7"])]));
      await b.readyCount(2);
      a.write(wire.bindExecuteSync(["1", "2", "3"]));
      await a.readyCount(2);
      // Parse, Bind complete, a data row, command complete, ready: no error for either.
      expect(a.types()).toEqual(["1", "2", "D", "C", "Z"]);
      expect(b.types()).toEqual(["1", "2", "D", "C", "Z"]);
      a.close();
      b.close();
    } finally {
      await db.stop();
    }
  });
});
