import { parse as parseUuid, v5 as uuidv5 } from "uuid";
import type { LoopType } from "./types";

/** Fixed namespace for loop ids. Changing it would orphan every stored loop_dismissed/loop_resolved. */
export const LOOP_ID_NAMESPACE = "17b41411-f1ac-4ed4-b6f1-baec50e8682b";
const NAMESPACE_BYTES = parseUuid(LOOP_ID_NAMESPACE);

// The projector derives the same ids again and again (every re-derivation of an invoice): a
// SHA-1 each time was a measurable share of its work. Bounded, so a long-running process stays small.
const memo = new Map<string, string>();
const MEMO_MAX = 10_000;

/** Deterministic loop id: rebuilding the projection yields the same ids (SPEC §3). */
export function loopId(openingEventId: string, loopType: LoopType): string {
  const name = `${openingEventId}:${loopType}`;
  let id = memo.get(name);
  if (id === undefined) {
    id = uuidv5(name, NAMESPACE_BYTES);
    if (memo.size >= MEMO_MAX) memo.clear();
    memo.set(name, id);
  }
  return id;
}
