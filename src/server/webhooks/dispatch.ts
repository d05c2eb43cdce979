import type { Redis } from "ioredis";
import type pg from "pg";
import { type EndpointTopics, type EntryTopic, messageType, topicOf, wants } from "~/domain/webhooks/topics";
import { withTransaction } from "../db/transaction";
import { entryData } from "../delivery/entry-body";
import { fieldsToRecord } from "../relay/stream-fields";

export type DispatchOptions = { stream: string; batchSize?: number; maxBatches?: number };
export type DispatchResult = { entries: number; messages: number; caughtUp: boolean; skipped: boolean };

type Message = { endpointId: string; orgId: string; messageId: string; type: string; orderKey: string; occurredAt: string; data: unknown; sourceId: string };

/**
 * The webhook dispatcher: copies each entry of the one Redis stream into a message for every
 * enabled endpoint of the entry's org that wants it (domain/webhooks/topics.ts), and moves its
 * checkpoint (the last stream id) in the same Postgres transaction as those rows. So each entry
 * fans out exactly once, in stream order, whatever dies when: a crash rolls both back, and the
 * row lock (SKIP LOCKED) keeps a second dispatcher out. Endpoints are read in that transaction,
 * one indexed query per batch, rather than cached: a change is seen by the next batch on every
 * instance, with nothing to invalidate. Redis down: the pass fails and is retried (worker backoff);
 * the entries wait in the stream.
 */
export async function dispatchPass(pool: pg.Pool, redis: Redis, o: DispatchOptions): Promise<DispatchResult> {
  const out: DispatchResult = { entries: 0, messages: 0, caughtUp: false, skipped: false };
  for (let i = 0; i < (o.maxBatches ?? 20); i++) {
    const step = await withTransaction(pool, async (c) => {
      await c.query("INSERT INTO webhook_dispatch_checkpoints (stream, last_id) VALUES ($1, '0-0') ON CONFLICT (stream) DO NOTHING", [o.stream]);
      const cp = await c.query<{ last_id: string }>("SELECT last_id FROM webhook_dispatch_checkpoints WHERE stream = $1 FOR UPDATE SKIP LOCKED", [o.stream]);
      if (cp.rows.length === 0) return "skipped" as const;
      const last = cp.rows[0]!.last_id;
      // No endpoint anywhere (a new installation, or webhooks unused): nothing to copy, so the
      // checkpoint jumps to the stream's end instead of walking a long stream entry by entry.
      const any = await c.query("SELECT 1 FROM webhook_endpoints WHERE enabled LIMIT 1");
      if (any.rowCount === 0) {
        const top = (await redis.xrevrange(o.stream, "+", "-", "COUNT", 1)) as [string, string[]][];
        if (top[0] && top[0][0] !== last) {
          await c.query("UPDATE webhook_dispatch_checkpoints SET last_id = $2, updated_at = now() WHERE stream = $1", [o.stream, top[0][0]]);
        }
        return "caughtUp" as const;
      }
      const page = (await redis.xrange(o.stream, last === "0-0" ? "-" : `(${last}`, "+", "COUNT", o.batchSize ?? 500)) as [string, string[]][];
      if (page.length === 0) return "caughtUp" as const;
      const entries = page.map(([id, flat]) => ({ id, fields: fieldsToRecord(flat) }));
      const orgs = [...new Set(entries.map((e) => e.fields.org_id).filter((x): x is string => !!x))];
      const eps = await c.query<{ id: string; org_id: string; event_types: string[] | null; loop_changes: string[] }>(
        "SELECT id, org_id, event_types, loop_changes FROM webhook_endpoints WHERE enabled AND org_id = ANY($1::uuid[])",
        [orgs.filter(isUuid)],
      );
      const byOrg = new Map<string, { id: string; topics: EndpointTopics }[]>();
      for (const e of eps.rows) byOrg.set(e.org_id, [...(byOrg.get(e.org_id) ?? []), { id: e.id, topics: { eventTypes: e.event_types, loopChanges: e.loop_changes } }]);
      const messages: Message[] = [];
      for (const entry of entries) {
        const targets = byOrg.get(entry.fields.org_id ?? "");
        if (!targets) continue;
        const topic = topicOf(entry.fields);
        const wanting = targets.filter((t) => wants(t.topics, topic));
        if (wanting.length === 0) continue;
        const m = messageOf(entry.id, entry.fields, topic);
        for (const t of wanting) messages.push({ ...m, endpointId: t.id, orgId: entry.fields.org_id! });
      }
      if (messages.length > 0) await insertMessages(c, messages);
      await c.query("UPDATE webhook_dispatch_checkpoints SET last_id = $2, updated_at = now() WHERE stream = $1", [o.stream, page.at(-1)![0]]);
      out.entries += entries.length;
      out.messages += messages.length;
      return page.length < (o.batchSize ?? 500) ? ("caughtUp" as const) : ("more" as const);
    });
    if (step === "skipped") return { ...out, skipped: true };
    if (step === "caughtUp") return { ...out, caughtUp: true };
  }
  return out;
}

/**
 * What one entry becomes: for an event, its id as the message id (stable across retries and
 * redeliveries; receivers dedupe on it), `event.<type>`, ordered by its entity, data as the
 * firehose's body. Other kinds (loop notifications) keep their flat fields as data, ordered by
 * their entity too, identified by their `notification_id` field or else the stream entry.
 */
function messageOf(streamId: string, f: Record<string, string>, topic: EntryTopic): Omit<Message, "endpointId" | "orgId"> {
  const entity = f.entity_type && f.entity_id ? `${f.entity_type}:${f.entity_id}` : `entry:${streamId}`;
  if (topic.kind === "event") {
    return { messageId: f.event_id ?? streamId, type: messageType(topic), orderKey: entity, occurredAt: f.occurred_at ?? streamTime(streamId), data: entryData(streamId, f), sourceId: streamId };
  }
  const { kind: _kind, ...fields } = f;
  return {
    messageId: f.notification_id ?? `${f.kind}_${streamId}`,
    type: messageType(topic),
    orderKey: entity,
    occurredAt: f.changed_at ?? streamTime(streamId),
    data: { ...fields, stream_id: streamId },
    sourceId: streamId,
  };
}

async function insertMessages(c: pg.PoolClient, ms: Message[]): Promise<void> {
  await c.query(
    `INSERT INTO webhook_deliveries (endpoint_id, org_id, message_id, type, order_key, occurred_at, data, source_id)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::jsonb[], $8::text[])`,
    [
      ms.map((m) => m.endpointId),
      ms.map((m) => m.orgId),
      ms.map((m) => m.messageId.slice(0, 100)),
      ms.map((m) => m.type.slice(0, 100)),
      ms.map((m) => m.orderKey.slice(0, 100)),
      ms.map((m) => m.occurredAt),
      ms.map((m) => JSON.stringify(m.data)),
      ms.map((m) => m.sourceId),
    ],
  );
}

const streamTime = (id: string) => new Date(Number(id.split("-")[0])).toISOString();
const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
