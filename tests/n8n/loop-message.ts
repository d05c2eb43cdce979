import { randomUUID } from "node:crypto";
import { SUGGESTED_ACTIONS } from "../../src/domain/loops";
import { messageBody } from "../../src/server/webhooks/send-claimed";
import { standardHeaders } from "../../src/server/webhooks/standard-signature";

export type LoopNotice = {
  orgId: string;
  invoiceId: string;
  notificationId?: string;
  loopType?: string;
  change?: string;
  changedAt?: string;
  dueAt?: string;
};

/**
 * A loop notification as a per-org webhook receives it: the dispatcher's message for a `kind=loop`
 * stream entry (src/server/webhooks/dispatch.ts: the entry's flat string fields without `kind`,
 * plus `stream_id`; id = notification_id; type `loop.<change>`), its body as Calm's sender
 * serializes it (messageBody) and its headers as Calm signs them (standardHeaders).
 */
export function loopMessage(n: LoopNotice) {
  const notificationId = n.notificationId ?? randomUUID();
  const changedAt = n.changedAt ?? "2026-12-01T00:00:00.000Z";
  const change = n.change ?? "opened";
  const data = {
    notification_id: notificationId,
    loop_id: randomUUID(),
    org_id: n.orgId,
    loop_type: n.loopType ?? "invoice_overdue",
    change,
    status: "active",
    severity: "high",
    due_at: n.dueAt ?? changedAt,
    entity_type: "invoice",
    entity_id: n.invoiceId,
    suggested_action: SUGGESTED_ACTIONS.invoice_overdue,
    caused_by_event_id: "",
    changed_at: changedAt,
    stream_id: `${Date.parse(changedAt)}-0`,
  };
  const raw = messageBody({ type: `loop.${change}`, occurred_at: new Date(changedAt), data });
  return {
    id: notificationId,
    data,
    raw,
    /** The headers of one delivery attempt, signed now (or at `at`, unix seconds) with `secrets`. */
    headers: (secrets: string[], at = Math.floor(Date.now() / 1000)): Record<string, string> => ({ "content-type": "application/json", ...standardHeaders(secrets, notificationId, at, raw) }),
  };
}
