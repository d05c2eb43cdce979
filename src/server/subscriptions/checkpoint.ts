import type pg from "pg";

/** Where a subscriber is in the log: the (tx_id, position) of the last event it handled. */
export type Checkpoint = { txId: string; position: number };

export const START: Checkpoint = { txId: "0", position: 0 };

export async function loadCheckpoint(db: pg.PoolClient | pg.Pool, subscriberId: string): Promise<Checkpoint> {
  const res = await db.query<{ tx_id: string; position: number }>(
    "SELECT tx_id::text, position FROM subscription_checkpoints WHERE subscriber_id = $1",
    [subscriberId],
  );
  const row = res.rows[0];
  return row ? { txId: row.tx_id, position: row.position } : START;
}

export async function saveCheckpoint(db: pg.PoolClient, subscriberId: string, cp: Checkpoint): Promise<void> {
  await db.query(
    `INSERT INTO subscription_checkpoints (subscriber_id, tx_id, position, updated_at)
     VALUES ($1, $2::xid8, $3, now())
     ON CONFLICT (subscriber_id) DO UPDATE SET tx_id = EXCLUDED.tx_id, position = EXCLUDED.position, updated_at = now()`,
    [subscriberId, cp.txId, cp.position],
  );
}

export async function resetCheckpoint(db: pg.PoolClient, subscriberId: string): Promise<void> {
  await db.query("DELETE FROM subscription_checkpoints WHERE subscriber_id = $1", [subscriberId]);
}
