import { randomUUID } from "node:crypto";
import { createStreamsRedis, whenReady } from "../src/server/relay/streams-redis";
import { luaScript, runLua } from "../src/server/relay/lua";
import { STREAM_FIELDS } from "../src/server/relay/stream-fields";
const redis = await whenReady(createStreamsRedis("redis://127.0.0.1:6379", 30000));
const B = 1000, NB = 40;
const entries = Array.from({ length: B * NB }, (_, i) => [randomUUID(), randomUUID(), "note_added", new Date().toISOString(), randomUUID(), "user", "deal", randomUUID(), String(i), JSON.stringify({ text: `Called back about quote ${i}: they want the revised figures by Friday.` })]);
const names = STREAM_FIELDS.map((f) => `'${f}'`);
const UNPACK = luaScript(`
local names = {${names.join(", ")}}
local nf = #names
local args = {'XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*'}
for i = 2, #ARGV, nf do
  for j = 1, nf do
    args[6 + 2 * j - 1] = names[j]
    args[6 + 2 * j] = ARGV[i + j - 1]
  end
  redis.call(unpack(args))
end
return 1`);
const CJSON = luaScript(`
local names = {${names.join(", ")}}
local nf = #names
local rows = cjson.decode(ARGV[2])
local args = {'XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*'}
for _, row in ipairs(rows) do
  for j = 1, nf do
    args[6 + 2 * j - 1] = names[j]
    args[6 + 2 * j] = row[j]
  end
  redis.call(unpack(args))
end
return 1`);
async function time(name: string, f: (batch: string[][]) => Promise<unknown>) {
  const s = `calm:bench:micro:${name}`;
  await redis.del(s);
  const c0 = process.cpuUsage();
  const t = performance.now();
  for (let k = 0; k < NB; k++) await f(entries.slice(k * B, (k + 1) * B));
  const ms = performance.now() - t;
  const c = process.cpuUsage(c0);
  const info = await redis.info("cpu");
  console.log(name.padEnd(12), Math.round((B * NB * 1000) / ms), "ev/s wall", "node cpu µs/ev", ((c.user + c.system) / (B * NB)).toFixed(1));
  await redis.del(s);
}
for (let r = 0; r < 3; r++) {
  await time("unpack", (b) => runLua(redis, UNPACK, ["calm:bench:micro:unpack"], [1000000, ...b.flat()]));
  await time("cjson", (b) => runLua(redis, CJSON, ["calm:bench:micro:cjson"], [1000000, JSON.stringify(b)]));
}
redis.disconnect();
