"use client";

import { useCallback, useEffect, useState, useSyncExternalStore } from "react";
import type { TimeBasis } from "~/domain/time-travel";
import { type Moment, momentSearch } from "./moments";

/**
 * The moment the page shows, mirrored into the URL (?asOf=…&basis=…) so it can be shared and
 * survives a reload. history.replaceState keeps Next's router in sync without a server round trip.
 */
export function useMoment(initial: Moment) {
  const [moment, setMoment] = useState<Moment>(initial);
  // "Now" is pinned when the page opens and moved on after each append, so the query key is stable.
  const [nowMs, setNowMs] = useState(() => Date.now());

  useEffect(() => {
    const search = momentSearch(moment);
    if (search === window.location.search) return;
    // After the slider rests: each replaceState also updates Next's router state.
    const t = setTimeout(() => {
      window.history.replaceState(window.history.state, "", `${window.location.pathname}${search}${window.location.hash}`);
    }, 200);
    return () => clearTimeout(t);
  }, [moment]);

  const setAt = useCallback((at: number | null) => setMoment((m) => (m.at === at ? m : { ...m, at })), []);
  const setBasis = useCallback((basis: TimeBasis) => setMoment((m) => ({ ...m, basis })), []);
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
