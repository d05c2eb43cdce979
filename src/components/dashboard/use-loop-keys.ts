"use client";

import { type RefObject, useEffect, useRef } from "react";
import { keyBelongsElsewhere } from "~/components/ui/keys";

type Handlers = { resolve: (loopId: string) => void; dismiss: (loopId: string) => void };

const LOOP = "[data-loop-id]";

/** j / k move focus between loops; r resolves and d dismisses the focused one (none when `handlers` is null: the read-only past). */
export function useLoopKeys(container: RefObject<HTMLElement | null>, handlers: Handlers | null) {
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!["j", "k", "r", "d"].includes(e.key) || keyBelongsElsewhere(e) || !container.current) return;
      const items = [...container.current.querySelectorAll<HTMLElement>(LOOP)];
      const current = (document.activeElement as HTMLElement | null)?.closest<HTMLElement>(LOOP) ?? null;
      const at = current ? items.indexOf(current) : -1;
      if (e.key === "j" || e.key === "k") {
        const next = at === -1 ? 0 : Math.min(items.length - 1, Math.max(0, at + (e.key === "j" ? 1 : -1)));
        items[next]?.focus();
        e.preventDefault();
        return;
      }
      const id = current?.dataset.loopId;
      if (!id || !latest.current) return;
      e.preventDefault();
      if (e.key === "r") latest.current.resolve(id);
      else latest.current.dismiss(id);
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [container]);
}
