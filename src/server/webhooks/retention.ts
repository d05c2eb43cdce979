import type pg from "pg";

/** What the delivery log keeps per endpoint: the last KEEP_PER_ENDPOINT attempts and finished messages, for KEEP_DAYS at most. */
export const KEEP_PER_ENDPOINT = 1000;
export const KEEP_DAYS = 7;
/** Rows removed per statement, so a pass's clean-up stays short. */
const CHUNK = 1000;

/**
 * Bounds the delivery log: for the endpoints a pass served, attempts and finished messages
 * beyond the newest KEEP_PER_ENDPOINT; for everyone, those older than KEEP_DAYS (a chunk per
 * pass). Pending messages are never removed (only with their endpoint).
 */
export async function trimLogs(db: pg.Pool, endpointIds: readonly string[], now: Date): Promise<void> {
  const before = new Date(now.getTime() - KEEP_DAYS * 86_400_000);
  for (const id of endpointIds) {
    await db.query(
      `DELETE FROM webhook_attempts WHERE endpoint_id = $1 AND id < (
         SELECT id FROM webhook_attempts WHERE endpoint_id = $1 ORDER BY id DESC OFFSET ${KEEP_PER_ENDPOINT - 1} LIMIT 1)`,
      [id],
    );
    await db.query(
      `DELETE FROM webhook_deliveries WHERE id IN (
         SELECT id FROM webhook_deliveries WHERE endpoint_id = $1 AND status <> 'pending' ORDER BY id DESC OFFSET ${KEEP_PER_ENDPOINT} LIMIT ${CHUNK})`,
      [id],
    );
  }
  await db.query(`DELETE FROM webhook_attempts WHERE id IN (SELECT id FROM webhook_attempts WHERE at < $1 LIMIT ${CHUNK})`, [before]);
  await db.query(
    `DELETE FROM webhook_deliveries WHERE id IN (SELECT id FROM webhook_deliveries WHERE status <> 'pending' AND finished_at < $1 LIMIT ${CHUNK})`,
    [before],
  );
}
