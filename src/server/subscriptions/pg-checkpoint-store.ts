import type pg from "pg";
import { type Checkpoint, loadCheckpoint, START } from "./checkpoint";
import { type CheckpointStore, CheckpointConflict, sameCheckpoint } from "./checkpoint-store";

/**
 * A checkpoint row in subscription_checkpoints, for a subscriber whose effects live in Postgres:
 * `write` puts them in the batch's transaction and the checkpoint moves in the same transaction,
 * so they commit (or roll back) together: exactly once.
 */
export function postgresCheckpointStore<E>(
  subscriberId: string,
  write: (client: pg.PoolClient, effects: E) => Promise<void>,
): CheckpointStore<E> {
  return {
    load: (client) => loadCheckpoint(client, subscriberId),
    async commit(client, from, batch, effects) {
      await write(client, effects);
      if (!(await moveCheckpoint(client, subscriberId, from, batch.last))) {
        throw new CheckpointConflict(`checkpoint of ${subscriberId} is no longer at position ${from.position}; the batch is rolled back`);
      }
    },
  };
}

/** Compare-and-set in one statement (as the plain save was): false when the row is not at `from`. */
async function moveCheckpoint(client: pg.PoolClient, subscriberId: string, from: Checkpoint, to: Checkpoint): Promise<boolean> {
  const res =
    sameCheckpoint(from, START)
      ? await client.query(
          `INSERT INTO subscription_checkpoints AS c (subscriber_id, tx_id, position, updated_at)
           VALUES ($1, $2::xid8, $3, now())
           ON CONFLICT (subscriber_id) DO UPDATE SET tx_id = EXCLUDED.tx_id, position = EXCLUDED.position, updated_at = now()
            WHERE c.tx_id = '0'::xid8 AND c.position = 0`,
          [subscriberId, to.txId, to.position],
        )
      : await client.query(
          `UPDATE subscription_checkpoints SET tx_id = $4::xid8, position = $5, updated_at = now()
            WHERE subscriber_id = $1 AND tx_id = $2::xid8 AND position = $3`,
          [subscriberId, from.txId, from.position, to.txId, to.position],
        );
  return res.rowCount === 1;
}
