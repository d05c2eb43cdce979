import type pg from "pg";
import { hashPassword, verifyPassword } from "~/server/auth/passwords";
import { appendEvents } from "~/server/events/append";
import { createOrg } from "~/server/orgs/create-org";
import { DEMO_EMAIL, DEMO_ORG_NAME, demoEvents } from "./demo-events";

export type DemoResult = { created: boolean; email: string; password: string; orgId: string };

/**
 * Creates the "Demo Bakery" org with its user and a small realistic history, once: when the org
 * exists it is left alone (its events are only added if a first run stopped before them). The
 * password is the installation's own (`npm start` keeps a random one in .env): an existing demo
 * user whose password differs (an older install's published one) gets this one, and is enabled.
 */
export async function seedDemo(pool: pg.Pool, { now, password }: { now: Date; password: string }): Promise<DemoResult> {
  let org = await findDemo(pool);
  let created = false;
  if (!org) {
    try {
      const made = await createOrg(pool, { name: DEMO_ORG_NAME, email: DEMO_EMAIL, password, userName: "Demo Baker" });
      org = { orgId: made.orgId, userId: made.userId, events: 0, passwordHash: null, disabled: false };
      created = true;
    } catch (e) {
      org = await findDemo(pool); // another process created it at the same moment
      if (!org) throw e;
    }
  }
  if (org.passwordHash !== null && (org.disabled || !(await verifyPassword(password, org.passwordHash)))) {
    await pool.query("UPDATE users SET password_hash = $2, disabled_at = NULL WHERE id = $1", [org.userId, await hashPassword(password)]);
  }
  if (org.events === 0) {
    // One batch: atomic, so the demo has all of its history or none of it.
    await appendEvents(pool, { orgId: org.orgId }, demoEvents(now, { id: org.userId, type: "user" }));
  }
  return { created, email: DEMO_EMAIL, password, orgId: org.orgId };
}

/**
 * Disables the demo user where the demo is not wanted (an external database without --demo):
 * versions before issue 8 seeded it everywhere with a published password. True when it did.
 */
export async function disableDemoUser(pool: pg.Pool, now: Date): Promise<boolean> {
  const res = await pool.query(
    `UPDATE users u SET disabled_at = $3 FROM orgs o
      WHERE o.id = u.org_id AND o.name = $1 AND u.email = $2 AND u.disabled_at IS NULL`,
    [DEMO_ORG_NAME, DEMO_EMAIL, now],
  );
  return (res.rowCount ?? 0) > 0;
}

async function findDemo(pool: pg.Pool) {
  const res = await pool.query<{ org_id: string; user_id: string; events: number; password_hash: string; disabled: boolean }>(
    `SELECT o.id AS org_id, u.id AS user_id, u.password_hash, u.disabled_at IS NOT NULL AS disabled,
            (SELECT count(*)::int FROM system_events e WHERE e.org_id = o.id) AS events
       FROM orgs o JOIN users u ON u.org_id = o.id
      WHERE o.name = $1 AND u.email = $2 ORDER BY o.created_at, u.created_at LIMIT 1`,
    [DEMO_ORG_NAME, DEMO_EMAIL],
  );
  const r = res.rows[0];
  return r ? { orgId: r.org_id, userId: r.user_id, events: r.events, passwordHash: r.password_hash as string | null, disabled: r.disabled } : null;
}
