import { arrayLiteral } from "../db/array-literal";

/** One event as calm_append_events takes it (prisma/sql/calm_append_events.sql). */
export type AppendRow = {
  id: string;
  event_type: string;
  occurred_at: string;
  actor_id: string;
  actor_type: string;
  entity_id: string;
  entity_type: string;
  payload: unknown;
  expected_version: number | null;
};

/**
 * calm_append_events' arguments for `rows` (`args`, SQL over $1…$10) and their values: the org,
 * then one array per field (as literals: arrayLiteral), the payloads as one JSON array. An event's
 * n in the answer is its index in `rows`. One event is sent as scalars put into arrays by the
 * statement (`form` "one"): parsing ten array parameters cost a single append ~10% more than
 * version 5's one document (alternated).
 */
export function appendCall(orgId: string, rows: readonly AppendRow[]): { form: "one" | "many"; args: string; values: unknown[] } {
  if (rows.length === 1) {
    const r = rows[0]!;
    return {
      form: "one",
      args: SINGLE_ARGS,
      values: [orgId, r.id, r.event_type, r.occurred_at, r.actor_id, r.actor_type, r.entity_id, r.entity_type, JSON.stringify(r.payload ?? null), r.expected_version],
    };
  }
  const column = (f: (r: AppendRow) => string | number | null) => arrayLiteral(rows.map(f));
  return {
    form: "many",
    args: ARRAY_ARGS,
    values: [
      orgId,
      column((r) => r.id),
      column((r) => r.event_type),
      column((r) => r.occurred_at),
      column((r) => r.actor_id),
      column((r) => r.actor_type),
      column((r) => r.entity_id),
      column((r) => r.entity_type),
      JSON.stringify(rows.map((r) => r.payload)),
      column((r) => r.expected_version),
    ],
  };
}

const ARRAY_ARGS = "$1::uuid, $2::uuid[], $3::text[], $4::timestamptz[], $5::uuid[], $6::text[], $7::uuid[], $8::text[], $9::jsonb, $10::int[]";
const SINGLE_ARGS =
  "$1::uuid, ARRAY[$2::uuid], ARRAY[$3::text], ARRAY[$4::timestamptz], ARRAY[$5::uuid], ARRAY[$6::text], ARRAY[$7::uuid], ARRAY[$8::text], jsonb_build_array($9::jsonb), ARRAY[$10::int]";
