/** An endpoint as Settings → Automations shows it: never its signing secret. */
export type WebhookEndpointItem = {
  id: string;
  url: string;
  description: string;
  /** null: every event type, also ones added later. */
  event_types: string[] | null;
  loop_changes: string[];
  enabled: boolean;
  created_at: string;
  updated_at: string;
  created_by: { id: string; name: string } | null;
  /** While a rotation's overlap runs: until when the previous secret signs too. */
  previous_secret_expires_at: string | null;
  /** Messages waiting (or being retried), and given up on (the dead letters). */
  pending: number;
  dead: number;
  last_attempt: { at: string; ok: boolean; status_code: number | null; error: string | null } | null;
};

/** The columns toEndpointItem reads; `e` is webhook_endpoints, `now` the parameter number of the current time. */
export const endpointColumns = (now: string) => `e.id, e.url, e.description, e.event_types, e.loop_changes, e.enabled, e.created_at, e.updated_at,
  CASE WHEN e.previous_secret_expires_at > ${now} THEN e.previous_secret_expires_at END AS previous_secret_expires_at,
  u.id AS creator_id, u.name AS creator_name,
  (SELECT count(*)::int FROM webhook_deliveries d WHERE d.endpoint_id = e.id AND d.status = 'pending') AS pending,
  (SELECT count(*)::int FROM webhook_deliveries d WHERE d.endpoint_id = e.id AND d.status = 'dead') AS dead,
  (SELECT json_build_object('at', a.at, 'ok', a.ok, 'status_code', a.status_code, 'error', a.error)
     FROM webhook_attempts a WHERE a.endpoint_id = e.id ORDER BY a.id DESC LIMIT 1) AS last_attempt`;

/** Joins the creator's name (a user of the same org) to `e`. */
export const CREATOR_JOIN = "LEFT JOIN users u ON u.id = e.created_by AND u.org_id = e.org_id";

export type EndpointRow = {
  id: string;
  url: string;
  description: string;
  event_types: string[] | null;
  loop_changes: string[];
  enabled: boolean;
  created_at: Date;
  updated_at: Date;
  previous_secret_expires_at: Date | null;
  creator_id: string | null;
  creator_name: string | null;
  pending: number;
  dead: number;
  last_attempt: { at: string; ok: boolean; status_code: number | null; error: string | null } | null;
};

export function toEndpointItem(r: EndpointRow): WebhookEndpointItem {
  return {
    id: r.id,
    url: r.url,
    description: r.description,
    event_types: r.event_types,
    loop_changes: r.loop_changes,
    enabled: r.enabled,
    created_at: r.created_at.toISOString(),
    updated_at: r.updated_at.toISOString(),
    created_by: r.creator_id && r.creator_name !== null ? { id: r.creator_id, name: r.creator_name } : null,
    previous_secret_expires_at: r.previous_secret_expires_at?.toISOString() ?? null,
    pending: r.pending,
    dead: r.dead,
    last_attempt: r.last_attempt ? { ...r.last_attempt, at: new Date(r.last_attempt.at).toISOString() } : null,
  };
}
