"use client";

import { type RefObject, useCallback, useEffect, useRef } from "react";
import type { LoopView } from "./types";

/**
 * When a loop leaves the list, focus moves to its neighbour (the next one, else the previous),
 * so keyboard users keep their place; if the server refuses and the loop comes back, it gets the
 * focus back. `focusNext(id)` is called just before the removal, `refocus(id)` after a rollback.
 */
export function useFocusAfterRemoval(container: RefObject<HTMLDivElement | null>, loops: LoopView[]) {
  const target = useRef<{ removed: string; next: string | null } | { restored: string } | null>(null);
  const find = useCallback((id: string) => container.current?.querySelector<HTMLElement>(`[data-loop-id="${id}"]`) ?? null, [container]);
  useEffect(() => {
    const t = target.current;
    if (!t) return;
    if ("restored" in t) {
      const el = find(t.restored);
      if (el) {
        target.current = null;
        el.focus();
      }
      return;
    }
    if (loops.some((l) => l.id === t.removed)) return;
    target.current = null;
    const el = t.next ? find(t.next) : null;
    const next = el ?? container.current?.querySelector<HTMLElement>("[data-testid=empty-state], [data-loop-id]");
    next?.focus();
    // Clear of a toast at the bottom of a narrow screen (html[data-toasts] sets scroll-padding-bottom).
    next?.scrollIntoView({ block: "nearest" });
  }, [loops, container, find]);
  const focusNext = useCallback(
    (id: string) => {
      const ids = loops.map((l) => l.id);
      const i = ids.indexOf(id);
      target.current = { removed: id, next: ids[i + 1] ?? ids[i - 1] ?? null };
    },
    [loops],
  );
  // The rollback may already be on screen (then focus now) or about to be (then the effect does it).
  const refocus = useCallback(
    (id: string) => () => {
      const el = find(id);
      if (el) el.focus();
      else target.current = { restored: id };
    },
    [find],
  );
  return { focusNext, refocus };
}
