// The read paths of issue 11, each measured three ways in one run: the tRPC procedure in-process
// (server-side), the SQL it sent replayed alone (the raw Postgres baseline), and over HTTP against
// the production build (`next start`): what the user waits for.
import type pg from "pg";
import { readBatch } from "../../../src/server/subscriptions/read-batch";
import { appRouter } from "../../../src/server/trpc/root";
import { keepAliveClient } from "../keep-alive-client";
import { quantile } from "../stats";
import { planOrgs } from "./generate-log";
import { type RecordedQuery, callerFor, recordingPool } from "./callers";
import type { LogMeta } from "./prepare";

type Api = ReturnType<typeof callerFor>;

export type ReadProbe = {
  key: string;
  label: string;
  /** null: measured for the record (what an index earns), no target of issue 11. */
  targetMs: number | null;
  /** One call through the procedure (or, where no procedure exists, the SQL a handler would run). */
  run: (api: Api, db: pg.Pool) => Promise<unknown>;
  /** The same call over HTTP; absent where no procedure serves it. */
  http?: { proc: string; input?: unknown };
  /** Another org than the largest (the small org's feed). */
  orgId?: string;
};

export type ProbeContext = {
  orgId: string;
  /** The median org (a hundredth of the largest one's events): the feed of a small business. */
  smallOrgId: string;
  smallShare: number;
  deal10: string;
  deal1000: string;
  deal10000: string;
  asOf: string;
  deepCursor: number;
  end: string;
  /**
   * The activity feed's cursor a tenth of the way into the org's history by occurred_at, in the
   * feed's own format (`<occurred_at in µs>_<position>`, src/server/activity/feed-events.ts).
   */
  deepActivityCursor: string;
  /** A subscription checkpoint half-way through the log (what a catching-up projector or relay reads from). */
  midCheckpoint: { txId: string; position: number };
};

/** Where the probes point in this log: the largest org's probe entities, a moment, a deep cursor. */
export async function probeContext(pool: pg.Pool, log: LogMeta): Promise<ProbeContext> {
  const { orgId, deal10, deal1000, deal10000 } = log.probes;
  // asOf: the 1,000-event deal's 500th event, so replay folds half its history on either basis.
  const middle = await pool.query<{ at: Date }>(
    `SELECT occurred_at AS at FROM system_events WHERE org_id = $1 AND primary_entity_type = 'deal' AND primary_entity_id = $2
      ORDER BY entity_version OFFSET 499 LIMIT 1`,
    [orgId, deal1000],
  );
  // A page a tenth of the way into the org's history from its start: "deep" for the activity feed.
  const range = await pool.query<{ lo: number; hi: number }>(
    "SELECT min(position) AS lo, max(position) AS hi FROM system_events WHERE org_id = $1",
    [orgId],
  );
  const { lo, hi } = range.rows[0]!;
  const mid = (
    await pool.query<{ tx: string; position: number }>(
      "SELECT tx_id::text AS tx, position FROM system_events WHERE position >= (SELECT (min(position) + max(position)) / 2 FROM system_events) ORDER BY position LIMIT 1",
    )
  ).rows[0]!;
  const deepActivity = (
    await pool.query<{ c: string }>(
      `SELECT (extract(epoch FROM occurred_at) * 1000000)::bigint::text || '_' || position AS c FROM system_events
        WHERE org_id = $1 AND occurred_at <= (SELECT min(occurred_at) + (max(occurred_at) - min(occurred_at)) / 10 FROM system_events WHERE org_id = $1)
        ORDER BY occurred_at DESC, position DESC LIMIT 1`,
      [orgId],
    )
  ).rows[0]!.c;
  const { orgs, shares } = planOrgs(log.seed, log.orgCount);
  const median = Math.floor(orgs.length / 2);
  return {
    orgId, smallOrgId: orgs[median]!.id, smallShare: shares[median]!, deal10, deal1000, deal10000,
    asOf: middle.rows[0]!.at.toISOString(), deepCursor: Math.round(lo + (hi - lo) / 10), end: log.end,
    midCheckpoint: { txId: mid.tx, position: mid.position },
    deepActivityCursor: deepActivity,
  };
}

const EVENT_COLS = "id, org_id, event_type, occurred_at, actor_id, actor_type, primary_entity_id, primary_entity_type, payload, created_at, position, entity_version";

/** Ops, not a user path: what reached the log in the last hour, by record time (the BRIN index's one use). */
export const RECORDED_LAST_HOUR_SQL = "SELECT count(*)::int AS n FROM system_events WHERE created_at > $1::timestamptz - interval '1 hour' AND created_at <= $1::timestamptz";

/** An org's last 7 days: no procedure serves it yet, so the SQL a handler would run on the design's (org_id, occurred_at DESC) index. */
export const LAST_7_DAYS_SQL = {
  count: "SELECT count(*)::int AS n FROM system_events WHERE org_id = $1 AND occurred_at > $2::timestamptz - interval '7 days' AND occurred_at <= $2::timestamptz",
  page: `SELECT ${EVENT_COLS} FROM system_events WHERE org_id = $1 AND occurred_at > $2::timestamptz - interval '7 days' AND occurred_at <= $2::timestamptz
          ORDER BY occurred_at DESC LIMIT 50`,
};

/** The UI's feed procedure (events with their entities' and actors' names), where the router has one. */
const hasActivity = "activity.list" in (appRouter._def.procedures as Record<string, unknown>);
type ActivityApi = { activity: { list(input: { cursor?: string }): Promise<unknown> } };

export function readProbes(c: ProbeContext): ReadProbe[] {
  const timeline = (id: string) => ({ type: "deal" as const, id, limit: 50 });
  const asOf = (basis: "occurred" | "recorded") => ({ type: "deal" as const, id: c.deal1000, asOf: c.asOf, basis });
  const activity: ReadProbe[] = hasActivity
    ? [
        { key: "activityFirst", label: "activity feed (activity.list, with names), first page", targetMs: 20, run: (api) => (api as unknown as ActivityApi).activity.list({}), http: { proc: "activity.list", input: {} } },
        { key: "activityDeep", label: "activity feed (activity.list), page deep in history", targetMs: 20, run: (api) => (api as unknown as ActivityApi).activity.list({ cursor: c.deepActivityCursor }), http: { proc: "activity.list", input: { cursor: c.deepActivityCursor } } },
      ]
    : [];
  return [
    { key: "timeline10", label: "entities.timeline first page, 10 events", targetMs: 10, run: (api) => api.entities.timeline(timeline(c.deal10)), http: { proc: "entities.timeline", input: timeline(c.deal10) } },
    { key: "timeline10k", label: "entities.timeline first page, 10,000 events", targetMs: 10, run: (api) => api.entities.timeline(timeline(c.deal10000)), http: { proc: "entities.timeline", input: timeline(c.deal10000) } },
    { key: "asOfOccurred", label: "entities.asOf, 1,000 events, basis occurred", targetMs: 25, run: (api) => api.entities.asOf(asOf("occurred")), http: { proc: "entities.asOf", input: asOf("occurred") } },
    { key: "asOfRecorded", label: "entities.asOf, 1,000 events, basis recorded", targetMs: 25, run: (api) => api.entities.asOf(asOf("recorded")), http: { proc: "entities.asOf", input: asOf("recorded") } },
    // What the timeline's scrubber asks (src/components/entity/entity-view.tsx): the loops' provenance events only.
    { key: "asOfProvOccurred", label: "entities.asOf, 1,000 events, occurred, events: provenance (the UI's call)", targetMs: 25, run: (api) => api.entities.asOf({ ...asOf("occurred"), events: "provenance" }), http: { proc: "entities.asOf", input: { ...asOf("occurred"), events: "provenance" } } },
    { key: "asOfProvRecorded", label: "entities.asOf, 1,000 events, recorded, events: provenance (the UI's call)", targetMs: 25, run: (api) => api.entities.asOf({ ...asOf("recorded"), events: "provenance" }), http: { proc: "entities.asOf", input: { ...asOf("recorded"), events: "provenance" } } },
    { key: "loopsList", label: "loops.list first page, largest org", targetMs: 20, run: (api) => api.loops.list({}), http: { proc: "loops.list", input: {} } },
    { key: "loopsSummary", label: "loops.summary, largest org", targetMs: 20, run: (api) => api.loops.summary(), http: { proc: "loops.summary" } },
    { key: "feedFirst", label: "activity feed (events.list), first page", targetMs: 20, run: (api) => api.events.list({}), http: { proc: "events.list", input: {} } },
    { key: "feedDeep", label: "activity feed (events.list), page deep in history", targetMs: 20, run: (api) => api.events.list({ cursor: c.deepCursor }), http: { proc: "events.list", input: { cursor: c.deepCursor } } },
    {
      key: "feedSmall",
      label: `activity feed (events.list), first page of the median org (${(100 * c.smallShare).toFixed(2)}% of the log)`,
      targetMs: 20,
      orgId: c.smallOrgId,
      run: (api) => api.events.list({}),
      http: { proc: "events.list", input: {} },
    },
    ...activity,
    {
      key: "last7",
      label: "org's last 7 days, count + first page (SQL)",
      targetMs: 50,
      run: async (_api, db) => {
        await db.query(LAST_7_DAYS_SQL.count, [c.orgId, c.end]);
        return db.query(LAST_7_DAYS_SQL.page, [c.orgId, c.end]);
      },
    },
    {
      key: "subscription",
      label: "subscription batch of 5,000 from a mid-log checkpoint (projector and relay read; no target)",
      targetMs: null,
      run: (_api, db) => readBatch(db, c.midCheckpoint, 5000),
    },
    { key: "recordedHour", label: "events recorded in the log's last hour, all orgs (ops SQL, no target)", targetMs: null, run: (_api, db) => db.query(RECORDED_LAST_HOUR_SQL, [c.end]) },
  ];
}

export type ProbeResult = {
  key: string;
  label: string;
  targetMs: number | null;
  /** The tRPC procedure over HTTP, or null where none serves this read. */
  route: string | null;
  server: Dist;
  /** The recorded SQL replayed alone, sequentially: the raw Postgres floor under the procedure. */
  raw: Dist;
  http: Dist | null;
  queries: RecordedQuery[];
  /** Bytes of the HTTP answer as sent (compressed where the server compresses). */
  httpBytes: number | null;
};
export type Dist = { p50: number; p95: number; p99: number; n: number };

const dist = (xs: number[]): Dist => ({ p50: quantile(xs, 0.5), p95: quantile(xs, 0.95), p99: quantile(xs, 0.99), n: xs.length });

async function timed(n: number, warm: number, fn: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < warm; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

/** Server-side and raw-SQL figures of every probe, sequential calls after a warm-up. */
export async function measureServer(pool: pg.Pool, orgId: string, probes: ReadProbe[], samples: number, log: (s: string) => void) {
  const out = new Map<string, Omit<ProbeResult, "http" | "httpBytes" | "route">>();
  for (const p of probes) {
    const queries: RecordedQuery[] = [];
    const rec = recordingPool(pool, queries);
    await p.run(callerFor(rec, p.orgId ?? orgId), rec);
    const api = callerFor(pool, p.orgId ?? orgId);
    const server = await timed(samples, 20, () => p.run(api, pool));
    const raw = await timed(samples, 20, async () => {
      for (const q of queries) await pool.query(q.text, q.values);
    });
    out.set(p.key, { key: p.key, label: p.label, targetMs: p.targetMs, server: dist(server), raw: dist(raw), queries });
    log(`  ${p.label}: server p95 ${dist(server).p95.toFixed(2)} ms, raw SQL p95 ${dist(raw).p95.toFixed(1)} ms (${queries.length} queries)`);
  }
  return out;
}

/**
 * The probes over HTTP (keep-alive, sequential, after a warm-up), as a browser's fetch would call
 * tRPC: GET with ?input, compression accepted. Node's http client, not its fetch: see keep-alive-client.ts.
 */
export async function measureHttp(baseUrl: string, apiKeys: Map<string, string>, orgId: string, probes: ReadProbe[], samples: number, log: (s: string) => void) {
  const out = new Map<string, { http: Dist; bytes: number }>();
  const client = keepAliveClient(baseUrl);
  const target = (p: ReadProbe & { http: NonNullable<ReadProbe["http"]> }) => ({
    headers: { authorization: `Bearer ${apiKeys.get(p.orgId ?? orgId)}`, "accept-encoding": "gzip, deflate, br" },
    path: `/api/trpc/${p.http.proc}${p.http.input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(p.http.input))}`}`,
  });
  try {
    // A server that has run for a while: every probe's request, round-robin, before any is timed
    // (the first few hundred requests after `next start` run Next's and our handlers unoptimized).
    const served = probes.filter((p): p is ReadProbe & { http: NonNullable<ReadProbe["http"]> } => p.http !== undefined);
    const targets = served.map(target);
    for (let i = 0; i < WARM_ROUNDS; i++) {
      for (const { path, headers } of targets) await client.request(path, { headers });
    }
    for (const [i, p] of served.entries()) {
      const { headers, path } = targets[i]!;
      let bytes = 0;
      const call = async () => {
        const res = await client.request(path, { headers });
        if (res.status !== 200) throw new Error(`${p.http.proc} answered ${res.status}: ${res.body.toString().slice(0, 300)}`);
        bytes = res.body.byteLength;
      };
      // A build older than the sources may refuse an input the in-process router takes: that read
      // is left out of the HTTP figures (and says why) rather than ending the run.
      const xs = await timed(samples, 20, call).catch((e: Error) => (log(`  ${p.label}: not over HTTP: ${e.message.slice(0, 200)}`), null));
      if (!xs) continue;
      out.set(p.key, { http: dist(xs), bytes });
      log(`  ${p.label}: HTTP p95 ${dist(xs).p95.toFixed(1)} ms`);
    }
  } finally {
    client.close();
  }
  return out;
}

const WARM_ROUNDS = 30;

/** The web layer's own floor: the no-op route, same client, same keep-alive, warmed alike. */
export async function measureNoop(baseUrl: string, samples: number): Promise<Dist> {
  const client = keepAliveClient(baseUrl);
  try {
    const xs = await timed(samples, WARM_ROUNDS * 10, () => client.request("/api/bench/noop", { method: "POST", body: "{}", headers: { "content-type": "application/json" } }));
    return dist(xs);
  } finally {
    client.close();
  }
}
