import type { Redis } from "ioredis";
import type { Checkpoint } from "../subscriptions/checkpoint";

/** Where the relay keeps its checkpoint: next to the stream, in the same Redis. */
export const relayCheckpointKey = (stream: string) => `${stream}:relay-checkpoint`;

/** The Postgres copy of the relay's checkpoint (subscription_checkpoints row): a floor and the health lag. */
export const relaySubscriberId = (stream: string) => `relay:${stream}`;

/** The relay's checkpoint as Redis holds it, or null when Redis has none (a new or wiped Redis). */
export async function readRedisCheckpoint(redis: Redis, stream: string): Promise<Checkpoint | null> {
  const [txId, position] = await redis.hmget(relayCheckpointKey(stream), "tx_id", "position");
  return txId && position ? { txId, position: Number(position) } : null;
}
