import type { EntityType } from "../events";
import { FOLD_VERSION, type EntityState, type StateOf } from "./state";

export function initialEntityState<T extends EntityType>(type: T, id: string, orgId: string): StateOf<T>;
export function initialEntityState(type: EntityType, id: string, orgId: string): EntityState {
  // Plain literals, no spreads: the projector builds one per new entity and spreads into a
  // literal are a slow path in V8.
  const v = FOLD_VERSION;
  switch (type) {
    case "deal":
      return {
        fold_version: v, org_id: orgId, entity_id: id, version: 0, notes_count: 0, last_note: null,
        entity_type: "deal",
        name: null,
        client_id: null,
        stage: null,
        quote: { amount_cents: null, currency: null, valid_until: null, sent_count: 0 },
        loops: [],
      };
    case "invoice":
      return {
        fold_version: v, org_id: orgId, entity_id: id, version: 0, notes_count: 0, last_note: null,
        entity_type: "invoice",
        issued_event_id: null,
        issued_at: null,
        number: null,
        amount_cents: null,
        currency: null,
        due_at: null,
        deal_id: null,
        client_id: null,
        payments: [],
        overdue_closure: null,
        overdue_snoozed_until: null,
        overdue_reopened_by: null,
      };
    case "followup":
      return {
        fold_version: v, org_id: orgId, entity_id: id, version: 0, notes_count: 0, last_note: null,
        entity_type: "followup",
        status: null,
        due_at: null,
        note: null,
        about: null,
        loops: [],
      };
    case "client":
      return {
        fold_version: v, org_id: orgId, entity_id: id, version: 0, notes_count: 0, last_note: null,
        entity_type: "client",
        name: null,
        email: null,
        phone: null,
        company: null,
      };
    default: {
      const unknownType: never = type;
      throw new Error(`unknown entity type ${String(unknownType)}`);
    }
  }
}
