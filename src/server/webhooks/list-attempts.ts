import type pg from "pg";
import { AppError } from "../errors";
import { notFound } from "./list-endpoints";

/** One line of an endpoint's delivery log. */
export type AttemptItem = {
  id: number;
  delivery_id: string;
  /** The webhook-id: the event id for an event (the same on every retry and redelivery). */
  message_id: string;
  type: string;
  entity: { type: string; id: string } | null;
  attempt: number;
  ok: boolean;
  status_code: number | null;
  latency_ms: number;
  error: string | null;
  at: string;
  /** Where the message stands now: delivered, pending (a retry is due) or dead. */
  delivery_status: "pending" | "delivered" | "dead";
};

export type AttemptPage = { items: AttemptItem[]; nextCursor: number | null };

/** An endpoint's delivery log, newest first, paged by attempt id; NOT_FOUND outside the org. */
export async function listAttempts(db: pg.Pool, orgId: string, endpointId: string, page: { cursor?: number | null; limit: number }): Promise<AttemptPage> {
  const owned = await db.query("SELECT 1 FROM webhook_endpoints WHERE org_id = $1 AND id = $2", [orgId, endpointId]);
  if (!owned.rowCount) throw notFound();
  if (page.cursor !== undefined && page.cursor !== null && page.cursor < 1) throw new AppError("invalid_cursor", "cursor must come from nextCursor", ["cursor"]);
  const res = await db.query<Omit<AttemptItem, "id" | "at" | "entity"> & { id: string; at: Date; entity_type: string | null; entity_id: string | null }>(
    `SELECT a.id::text, a.delivery_id::text, d.message_id, d.type, a.attempt, a.ok, a.status_code, a.latency_ms, a.error, a.at,
            d.status AS delivery_status, d.data->>'entity_type' AS entity_type, d.data->>'entity_id' AS entity_id
       FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id
      WHERE a.org_id = $1 AND a.endpoint_id = $2 AND ($3::bigint IS NULL OR a.id < $3)
      ORDER BY a.id DESC LIMIT $4`,
    [orgId, endpointId, page.cursor ?? null, page.limit + 1],
  );
  const rows = res.rows.slice(0, page.limit);
  return {
    items: rows.map(({ entity_type, entity_id, ...r }) => ({
      ...r,
      id: Number(r.id),
      at: r.at.toISOString(),
      entity: entity_type && entity_id ? { type: entity_type, id: entity_id } : null,
    })),
    nextCursor: res.rows.length > page.limit ? Number(rows.at(-1)!.id) : null,
  };
}
