import { createHash } from "node:crypto";
import type { Redis } from "ioredis";

export type LuaScript = { source: string; sha: string };

export const luaScript = (source: string): LuaScript => ({ source, sha: createHash("sha1").update(source).digest("hex") });

/** EVALSHA, falling back to EVAL when the server's script cache is empty (a restarted Redis). */
export async function runLua(redis: Redis, script: LuaScript, keys: string[], args: (string | number | Buffer)[]): Promise<unknown> {
  try {
    return await redis.evalsha(script.sha, keys.length, ...keys, ...args);
  } catch (e) {
    if (!String(e).includes("NOSCRIPT")) throw e;
    return redis.eval(script.source, keys.length, ...keys, ...args);
  }
}
