import type { Redis } from "ioredis";
import type { Checkpoint } from "../subscriptions/checkpoint";

/** Where the relay keeps its checkpoint: next to the stream, in the same Redis. */
export const relayCheckpointKey = (stream: string) => `${stream}:relay-checkpoint`;

/** The Postgres copy of the relay's checkpoint (subscription_checkpoints row): a floor and the health lag. */
export const relaySubscriberId = (stream: string) => `relay:${stream}`;

/** The loop relay's (relay/run-loop-relay.ts): its own checkpoint in the loop_changes outbox, next to the same stream. */
export const loopRelayCheckpointKey = (stream: string) => `${stream}:loop-relay-checkpoint`;
export const loopRelaySubscriberId = (stream: string) => `relay-loops:${stream}`;

/** The relay's checkpoint as Redis holds it, or null when Redis has none (a new or wiped Redis). */
export function readRedisCheckpoint(redis: Redis, stream: string): Promise<Checkpoint | null> {
  return readCheckpointAt(redis, relayCheckpointKey(stream));
}

/** A relay's checkpoint at `key`, or null when Redis has none. */
export async function readCheckpointAt(redis: Redis, key: string): Promise<Checkpoint | null> {
  const [txId, position] = await redis.hmget(key, "tx_id", "position");
  return txId && position ? { txId, position: Number(position) } : null;
}
