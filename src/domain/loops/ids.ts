import { v5 as uuidv5 } from "uuid";
import type { LoopType } from "./types";

/** Fixed namespace for loop ids. Changing it would orphan every stored loop_dismissed/loop_resolved. */
export const LOOP_ID_NAMESPACE = "17b41411-f1ac-4ed4-b6f1-baec50e8682b";

/** Deterministic loop id: rebuilding the projection yields the same ids (SPEC §3). */
export function loopId(openingEventId: string, loopType: LoopType): string {
  return uuidv5(`${openingEventId}:${loopType}`, LOOP_ID_NAMESPACE);
}
