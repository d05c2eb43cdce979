"use client";

import { useEffect, useState } from "react";
import { type Visits, parseVisits, recordVisit, visitsKey } from "./last-visit";

/** While the dashboard is open its visit goes on: "last seen" is brought up to date this often. */
const SEEN_EVERY_MS = 60_000;

function read(userId: string): Visits | null {
  try {
    return parseVisits(window.localStorage.getItem(visitsKey(userId)));
  } catch {
    return null; // storage blocked: no last visit, "since" starts a day back
  }
}

function write(userId: string, v: Visits) {
  try {
    window.localStorage.setItem(visitsKey(userId), JSON.stringify(v));
  } catch {
    // storage blocked or full: the dashboard works without it
  }
}

/** The viewer's visits (see last-visit.ts); `record` counts this page as a visit (the dashboard does, "Since" does not). */
export function useVisits(userId: string, record: boolean): Visits | null | undefined {
  // undefined until read in the browser (the server has no localStorage).
  const [visits, setVisits] = useState<Visits | null | undefined>(undefined);
  useEffect(() => {
    const seen = () => {
      const next = record ? recordVisit(read(userId), Date.now()) : read(userId);
      if (record && next) write(userId, next);
      setVisits(next);
    };
    seen();
    if (!record) return;
    const id = setInterval(seen, SEEN_EVERY_MS);
    return () => clearInterval(id);
  }, [userId, record]);
  return visits;
}
