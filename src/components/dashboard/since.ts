import type { LoopChangeKind } from "~/domain/loops";
import { CHANGE_WORDS } from "~/components/words/time";
import { type Moment, momentSearch, parseMoment } from "~/components/entity/moments";

/** The order the "Since" view tells changes in: what is new first, what went away last. */
export const CHANGE_ORDER: readonly LoopChangeKind[] = ["opened", "reopened", "escalated", "woke", "snoozed", "closed"];

type Change = { kind: LoopChangeKind; changed_at: string };

export type ChangeGroup<C extends Change> = { kind: LoopChangeKind; items: C[] };

/** The changes by kind, in CHANGE_ORDER, each group newest first; kinds with none left out. */
export function groupChanges<C extends Change>(changes: readonly C[]): ChangeGroup<C>[] {
  return CHANGE_ORDER.map((kind) => ({
    kind,
    items: changes.filter((c) => c.kind === kind).sort((a, b) => Date.parse(b.changed_at) - Date.parse(a.changed_at)),
  })).filter((g) => g.items.length > 0);
}

/** "3 opened, 1 closed": the groups in one calm line; "Nothing changed." when there are none. */
export function changeCountsWords(groups: readonly ChangeGroup<Change>[]): string {
  if (groups.length === 0) return "Nothing changed.";
  const parts = groups.map((g) => `${g.items.length} ${CHANGE_WORDS[g.kind].counted}`);
  const text = parts.join(", ");
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/** The "Since" view's moment from its URL (?from=…&basis=…): from must be a past instant, or absent (your last visit). */
export function parseSince(params: { from?: string | null; basis?: string | null }, nowMs: number): Moment {
  const m = parseMoment({ asOf: params.from, basis: params.basis });
  return m.at !== null && m.at >= nowMs ? { ...m, at: null } : m;
}

/** The link to the "Since" view: /since?from=…&basis=… (no from: since your last visit). */
export function sinceHref(m: Moment): string {
  const q = new URLSearchParams(momentSearch(m));
  const from = q.get("asOf");
  q.delete("asOf");
  const out = new URLSearchParams();
  if (from) out.set("from", from);
  const basis = q.get("basis");
  if (basis && basis !== "occurred") out.set("basis", basis);
  const s = out.toString();
  return s ? `/since?${s}` : "/since";
}
