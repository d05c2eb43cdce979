"use client";

import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from "react";
import type { TimeBasis } from "~/domain/time-travel";
import { type Moment, parseMoment, sameMoment, withMoment } from "./moments";

/** A drag (the slider, its arrow keys) that rests this long has settled: its next move is a new entry. */
const SETTLE_MS = 400;

/** How the moment changed: a step (a button, the date field, the basis) or a move of the slider. */
export type MomentChange = "step" | "drag";

/**
 * The moment the page shows, mirrored into the URL (?asOf=…&basis=…) at once, so it can be
 * shared and survives a reload. Each moment settled on is a history entry of its own, so Back
 * steps back through the moments visited before it leaves the page (issue 13): every step pushes
 * one; a drag pushes one when it starts and then keeps it up to date (replace) until it rests for
 * SETTLE_MS, so a drag across fifty events is one entry. pushState/replaceState with null keep
 * Next's router in sync without a server round trip; Back and Forward (popstate) bring the moment
 * of the entry they land on.
 */
export function useMoment(initial: Moment, parse: (params: { asOf: string | null; basis: string | null }) => Moment = parseMoment) {
  const [moment, setMoment] = useState<Moment>(initial);
  // "Now" is pinned when the page opens and moved on after each append, so the query key is stable.
  const [nowMs, setNowMs] = useState(() => Date.now());

  const change = useRef<{ how: MomentChange; dragAt: number }>({ how: "step", dragAt: 0 });
  const first = useRef(true);
  useEffect(() => {
    const search = withMoment(window.location.search, moment);
    const wasFirst = first.current;
    first.current = false;
    if (search === window.location.search) return;
    const url = `${window.location.pathname}${search}${window.location.hash}`;
    const { how, dragAt } = change.current;
    const now = Date.now();
    // The same moment spelled otherwise (a deep link's own date format, a future moment read as
    // now) is rewritten in place: only a move is an entry of its own.
    const shown = parseMoment(Object.fromEntries(new URLSearchParams(window.location.search)));
    // null, as Next documents: its router then records the entry (and keeps useSearchParams true).
    if (wasFirst || sameMoment(shown, moment) || (how === "drag" && now - dragAt < SETTLE_MS)) window.history.replaceState(null, "", url);
    else window.history.pushState(null, "", url);
    if (how === "drag") change.current.dragAt = now;
  }, [moment]);

  useEffect(() => {
    const onPop = () => {
      const q = new URLSearchParams(window.location.search);
      const next = parse({ asOf: q.get("asOf"), basis: q.get("basis") });
      setMoment((m) => (m.at === next.at && m.basis === next.basis ? m : next));
    };
    window.addEventListener("popstate", onPop);
    return () => window.removeEventListener("popstate", onPop);
  }, [parse]);

  const setAt = useCallback((at: number | null, how: MomentChange = "step") => {
    change.current.how = how;
    if (how === "step") change.current.dragAt = 0;
    setMoment((m) => (m.at === at ? m : { ...m, at }));
  }, []);
  const setBasis = useCallback((basis: TimeBasis) => {
    change.current = { how: "step", dragAt: 0 };
    setMoment((m) => ({ ...m, basis }));
  }, []);
  const refreshNow = useCallback(() => setNowMs(Date.now()), []);
  return { moment, nowMs, setAt, setBasis, refreshNow };
}

/** The value, once it has stopped changing for `ms` (keeps the server calm while a slider is dragged). */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}

const noSubscribe = () => () => {};
/** False during server rendering and hydration: dates are formatted in the viewer's time zone only. */
export function useIsClient(): boolean {
  return useSyncExternalStore(noSubscribe, () => true, () => false);
}
