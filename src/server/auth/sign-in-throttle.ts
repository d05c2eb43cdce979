import { createHash } from "node:crypto";
import type pg from "pg";
import {
  ACCOUNT_CLIENT_POLICY,
  CLIENT_POLICY,
  type ThrottlePolicy,
  type ThrottleState,
  afterFailure,
  afterSuccess,
  waitBeforeAttempt,
} from "~/domain/auth/throttle";
import { withTransaction } from "../db/transaction";
import { throttleClient } from "../http/client-ip";

/**
 * Sign-in throttling kept in Postgres, so every instance sees the same counts: per client (IP, or
 * IPv6 /64) and per (account, client), with growing delays (src/domain/auth/throttle.ts). An
 * attempt is counted before its password is checked, under a per-key lock, so parallel guesses
 * cannot slip through; a right password takes its count back. Keys are SHA-256 digests: no
 * emails or addresses at rest.
 */
type Key = { key: string; policy: ThrottlePolicy };

function keysOf(email: string, ip: string): Key[] {
  const client = throttleClient(ip);
  const digest = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");
  return [
    { key: digest(`client\0${client}`), policy: CLIENT_POLICY },
    { key: digest(`account\0${email}\0${client}`), policy: ACCOUNT_CLIENT_POLICY },
  ].sort((a, b) => (a.key < b.key ? -1 : 1)); // one lock order: no deadlock between two attempts
}

type Row = { key: string; failures: number; last_failure_at: Date; not_before: Date };

async function lockAndRead(c: pg.PoolClient, keys: Key[]): Promise<Map<string, ThrottleState>> {
  for (const k of keys) await c.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [k.key]);
  const res = await c.query<Row>("SELECT key, failures, last_failure_at, not_before FROM sign_in_throttle WHERE key = ANY($1)", [keys.map((k) => k.key)]);
  return new Map(res.rows.map((r) => [r.key, { failures: r.failures, lastFailureAt: r.last_failure_at, notBefore: r.not_before }]));
}

async function write(c: pg.PoolClient, states: { key: string; state: ThrottleState }[]): Promise<void> {
  await c.query(
    `INSERT INTO sign_in_throttle (key, failures, last_failure_at, not_before)
     SELECT * FROM unnest($1::text[], $2::int[], $3::timestamptz[], $4::timestamptz[])
     ON CONFLICT (key) DO UPDATE SET failures = EXCLUDED.failures, last_failure_at = EXCLUDED.last_failure_at, not_before = EXCLUDED.not_before`,
    [states.map((s) => s.key), states.map((s) => s.state.failures), states.map((s) => s.state.lastFailureAt), states.map((s) => s.state.notBefore)],
  );
}

/** Keys quiet for longer than any policy remembers are dropped, a few per attempt. */
const FORGET_MS = Math.max(CLIENT_POLICY.forgetMs, ACCOUNT_CLIENT_POLICY.forgetMs);

export type Reservation = { ok: true } | { ok: false; retryAfterMs: number };

/**
 * Before checking a password: refused with the wait left while a key waits; otherwise the attempt
 * is counted as a failure (confirmAttempt takes it back when the password was right).
 */
export async function reserveAttempt(db: pg.Pool, who: { email: string; ip: string }, now = new Date()): Promise<Reservation> {
  const keys = keysOf(who.email, who.ip);
  return withTransaction(db, async (c) => {
    const states = await lockAndRead(c, keys);
    const wait = Math.max(...keys.map((k) => waitBeforeAttempt(states.get(k.key), now)));
    if (wait > 0) return { ok: false, retryAfterMs: wait };
    await write(c, keys.map((k) => ({ key: k.key, state: afterFailure(states.get(k.key), now, k.policy) })));
    await c.query(
      "DELETE FROM sign_in_throttle WHERE key IN (SELECT key FROM sign_in_throttle WHERE last_failure_at < $1 LIMIT 20)",
      [new Date(now.getTime() - FORGET_MS)],
    );
    return { ok: true };
  });
}

/** The password was right: the (account, client) key is forgotten and the client's count taken back. */
export async function confirmAttempt(db: pg.Pool, who: { email: string; ip: string }, now = new Date()): Promise<void> {
  const keys = keysOf(who.email, who.ip);
  await withTransaction(db, async (c) => {
    const states = await lockAndRead(c, keys);
    const [client, account] = [keys.find((k) => k.policy === CLIENT_POLICY)!, keys.find((k) => k.policy === ACCOUNT_CLIENT_POLICY)!];
    await c.query("DELETE FROM sign_in_throttle WHERE key = $1", [account.key]);
    const clientState = states.get(client.key);
    if (clientState) await write(c, [{ key: client.key, state: afterSuccess(clientState, now) }]);
  });
}
