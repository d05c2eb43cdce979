/**
 * What proves that a webhook processed an entry (DELIVERY_ACK). `echo`: a 2xx whose JSON body is
 * `{"received": "<event_id>"}`. n8n answers 200 with an empty body when a workflow fails before
 * its "Respond to Webhook" node, so a status alone would count failed executions as delivered.
 * `status`: any 2xx, for receivers that cannot echo.
 */
export type DeliveryAck = "echo" | "status";

/** The most of an answer read: an echo is ~60 bytes; a larger answer is not one, and is not buffered. */
export const MAX_ANSWER_BYTES = 16 * 1024;

export type PostOutcome = { ok: true; status: number } | { ok: false; error: string };

/** `body` is the answer's text, or null when it was longer than MAX_ANSWER_BYTES (left unread). */
export function judgeAnswer(mode: DeliveryAck, status: number, body: string | null, eventId: string): PostOutcome {
  if (status < 200 || status > 299) return { ok: false, error: `HTTP ${status}` };
  if (mode === "status" || echoes(body, eventId)) return { ok: true, status };
  return { ok: false, error: `2xx without the event-id echo (DELIVERY_ACK=echo): HTTP ${status} ${describe(body)}` };
}

function echoes(body: string | null, eventId: string): boolean {
  if (!body) return false;
  try {
    const v: unknown = JSON.parse(body);
    return typeof v === "object" && v !== null && !Array.isArray(v) && (v as { received?: unknown }).received === eventId;
  } catch {
    return false;
  }
}

function describe(body: string | null): string {
  if (body === null) return `with an answer over ${MAX_ANSWER_BYTES / 1024} KiB`;
  if (body.trim() === "") return "with an empty body";
  const text = body.length > 120 ? `${body.slice(0, 120)}…` : body;
  return `answering ${JSON.stringify(text)}`;
}
