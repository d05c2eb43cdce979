import { z } from "zod";
import { type EntityState, entityState } from "~/domain/entities";

/**
 * The stored form of an entity state (entities.state). The state's own JSON, but without what the
 * row's columns hold (org, type, id, version), and with each list of records (a deal's loops, an
 * invoice's payments) stored as rows of values in the record schema's key order: those keys,
 * repeated in every record, were ~45% of a stored state's bytes, and every byte is parsed, written
 * to the heap and the WAL, and read back on each change of the entity — the projector's catch-up
 * is bound by those writes. Top-level fields stay named (read models query `state->>'status'`).
 *
 * `#` names the record layouts a state was stored with: one stored under other layouts (a record
 * gained or reordered a field) does not decode, and the projector refolds it from the log, as it
 * does a state of another fold version.
 */

type Layout = { field: string; keys: string[] };

/** Per entity type, the fields of the state schema that hold arrays of records, and their keys. */
const LAYOUTS = new Map<string, Layout[]>();
for (const option of entityState.options) {
  const type = option.shape.entity_type.value;
  const lists: Layout[] = [];
  for (const [field, schema] of Object.entries(option.shape as Record<string, z.ZodType>)) {
    if (schema instanceof z.ZodArray && schema.element instanceof z.ZodObject) {
      lists.push({ field, keys: Object.keys((schema.element as z.ZodObject).shape) });
    }
  }
  LAYOUTS.set(type, lists);
}

/** A short fingerprint of every layout (FNV-1a): changes whenever a record's keys do. */
const SIGNATURE = (() => {
  const text = JSON.stringify([...LAYOUTS].sort(([a], [b]) => (a < b ? -1 : 1)));
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
})();

const OWN_COLUMNS = new Set(["org_id", "entity_type", "entity_id", "version"]);

/** The value stored in entities.state for `state`. */
export function encodeState(state: EntityState): Record<string, unknown> {
  const out: Record<string, unknown> = { "#": SIGNATURE };
  const s = state as unknown as Record<string, unknown>;
  for (const key in s) if (!OWN_COLUMNS.has(key)) out[key] = s[key];
  for (const { field, keys } of LAYOUTS.get(state.entity_type) ?? []) {
    const records = s[field] as Record<string, unknown>[];
    out[field] = records.map((r) => keys.map((k) => r[k] ?? null));
  }
  return out;
}

/**
 * The state stored in a row, before validation (parseEntityState): throws when it was stored under
 * other layouts, or is not a stored state at all.
 */
export function decodeState(stored: unknown, row: { org_id: string; type: string; id: string; version: number }): unknown {
  const s = stored as Record<string, unknown> | null;
  if (s === null || typeof s !== "object" || s["#"] !== SIGNATURE) throw new Error("stored state of another layout");
  const out: Record<string, unknown> = { ...s, org_id: row.org_id, entity_type: row.type, entity_id: row.id, version: row.version };
  delete out["#"];
  for (const { field, keys } of LAYOUTS.get(row.type) ?? []) {
    const rows = s[field];
    if (!Array.isArray(rows)) throw new Error(`stored state: ${field} is not a list`);
    out[field] = rows.map((values: unknown) => {
      if (!Array.isArray(values) || values.length !== keys.length) throw new Error(`stored state: a record of ${field} has another layout`);
      const record: Record<string, unknown> = {};
      for (let i = 0; i < keys.length; i++) record[keys[i]!] = values[i];
      return record;
    });
  }
  return out;
}
