import type { Redis } from "ioredis";
import { luaScript, runLua } from "../relay/lua";
import { deadLetterStream } from "./consumer-group";

/**
 * Acknowledge and copy to the dead-letter stream in one atomic step, only if this call is the one
 * that acknowledged it: two consumers that both gave up on one entry leave one dead letter.
 */
const ACK_AND_BURY = luaScript(`
if redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], '*', unpack(ARGV, 4))
return 1
`);

export type DeadLetter = { id: string; flat: string[]; error: string; attempts: number; group: string; at: Date };

/** Moves one entry to `${stream}:dead` with why and after how many attempts; true if this call did it. */
export async function buryEntry(redis: Redis, stream: string, maxLen: number, d: DeadLetter): Promise<boolean> {
  const fields = [...d.flat, "source_id", d.id, "group", d.group, "error", d.error.slice(0, 500), "attempts", String(d.attempts), "dead_at", d.at.toISOString()];
  const n = await runLua(redis, ACK_AND_BURY, [stream, deadLetterStream(stream)], [d.group, d.id, maxLen, ...fields]);
  return n === 1;
}
