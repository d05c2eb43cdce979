import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { N8N_DIR, n8nInstalled, startLocalN8n } from "../../../tests/helpers/local-n8n";
import { TEST_REDIS_URL } from "../../../tests/helpers/services";
import { deleteStreamKeys, readStream, testStreamName, waitFor } from "../../../tests/helpers/streams";
import type { StoredEvent } from "../events/stored-event";
import { streamFieldPairs } from "../relay/stream-fields";
import { createStreamsRedis, whenReady } from "../relay/streams-redis";
import { deadLetterStream } from "./consumer-group";
import { entryBody } from "./entry-body";
import { type DeliveryOptions, runDelivery } from "./run-delivery";
import { signBody } from "./signature";

const SECRET = "n8n-live-test-secret-0123456789";
const INSTALLED = n8nInstalled();
const NO_ECHO = "2xx without the event-id echo (DELIVERY_ACK=echo)";
const SKIPPED = `SKIPPED: no n8n at ${N8N_DIR} (install it there as ../shared/notes/n8n-local.md says, or set CALM_N8N_DIR)`;
if (!INSTALLED) console.warn(`[n8n-live.int.test] ${SKIPPED}`);

/** A payload nested this deep makes the workflow's Set node fail: n8n then answers 200 with an empty body. */
function deepPayload(levels: number): Record<string, unknown> {
  let v: unknown = "bottom";
  for (let i = 0; i < levels; i++) v = [v];
  return { nested: v };
}

let n8n: Awaited<ReturnType<typeof startLocalN8n>> | undefined;
let redis: Redis;
const streams: string[] = [];

/** A stream holding these payloads as the relay writes them (one entry each); returns the event ids. */
async function streamOf(payloads: Record<string, unknown>[]): Promise<{ stream: string; ids: string[] }> {
  const stream = testStreamName("n8n-live");
  streams.push(stream);
  const ids: string[] = [];
  for (const [i, payload] of payloads.entries()) {
    const e = {
      id: randomUUID(),
      org_id: randomUUID(),
      event_type: "note_added",
      occurred_at: "2026-12-01T09:00:00.000Z",
      actor: { id: randomUUID(), type: "system" },
      primary_entity: { id: randomUUID(), type: "deal" },
      payload,
      created_at: "2026-12-01T09:00:00.000Z",
      position: i + 1,
      entity_version: 1,
    } as StoredEvent;
    await redis.xadd(stream, "*", ...streamFieldPairs(e));
    ids.push(e.id);
  }
  return { stream, ids };
}

const options = (stream: string, over: Partial<DeliveryOptions> = {}): DeliveryOptions => ({
  stream,
  group: "n8n",
  consumer: "live-test",
  url: n8n!.url,
  secret: SECRET,
  timeoutMs: 5000,
  reclaimIdleMs: 5500, // the retry comes 5.5 s after a failed attempt
  maxAttempts: 2,
  ...over,
});

describe.skipIf(!INSTALLED)(
  `the documented workflow on a real n8n${INSTALLED ? "" : ` — ${SKIPPED}`}`,
  () => {
    beforeAll(async () => {
      redis = await whenReady(createStreamsRedis(TEST_REDIS_URL));
      n8n = await startLocalN8n(SECRET);
    });
    afterAll(async () => {
      for (const s of streams) await deleteStreamKeys(redis, s);
      redis?.disconnect();
      await n8n?.stop();
    });

    it("answers a verified event with its id, which DELIVERY_ACK=echo takes as delivered", async () => {
      const { stream } = await streamOf([{ text: "hello n8n" }, { text: "héllo ✓" }]);
      expect(await runDelivery(redis, options(stream, { ack: "echo" }))).toMatchObject({ delivered: 2, failed: 0 });
      expect(((await redis.xpending(stream, "n8n")) as [number])[0]).toBe(0);
    });

    it("answers 200 with an empty body when the workflow fails before its Respond node", async () => {
      const { stream } = await streamOf([deepPayload(3000)]);
      const [entry] = await readStream(redis, stream);
      const fields = entry!.fields;
      const body = entryBody(entry!.id, fields);
      const ts = String(Math.floor(Date.now() / 1000));
      const res = await fetch(n8n!.url, {
        method: "POST",
        headers: { "content-type": "application/json", "x-calm-signature": signBody(SECRET, ts, body), "x-calm-timestamp": ts, "x-calm-event-id": fields.event_id! },
        body,
      });
      expect([res.status, await res.text()]).toEqual([200, ""]);
    });

    it("with echo, that failed execution is retried and dead-lettered, not acknowledged; with status it would have been lost", async () => {
      const { stream, ids } = await streamOf([deepPayload(3000)]);
      const first = await runDelivery(redis, options(stream, { ack: "echo" }));
      expect(first).toMatchObject({ delivered: 0, failed: 1, lastError: `${NO_ECHO}: HTTP 200 with an empty body` });
      await waitFor(async () => (await runDelivery(redis, options(stream, { ack: "echo" }))).deadLettered === 1 || null, 60_000, 250);
      const [dead] = await readStream(redis, deadLetterStream(stream));
      expect(dead!.fields).toMatchObject({ event_id: ids[0], attempts: "2", error: `${NO_ECHO}: HTTP 200 with an empty body` });

      // The old behaviour, still chosen by DELIVERY_ACK=status: the failed execution counts as delivered.
      const again = await streamOf([deepPayload(3000)]);
      expect(await runDelivery(redis, options(again.stream, { ack: "status" }))).toMatchObject({ delivered: 1, failed: 0 });
    });
  },
);
