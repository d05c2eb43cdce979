"use client";

import { useEffect, useState } from "react";
import { formatExact, formatRelative } from "./relative-time-format";

/** A shared "now" that ticks every 30 s, so relative times stay true without a reload. */
export function useNow(intervalMs = 30_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const id = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}

/** "3 hours ago", with the exact time on hover (title) and in the markup (datetime). */
export function RelativeTime({ iso, className }: { iso: string; className?: string }) {
  const now = useNow();
  const at = new Date(iso);
  return (
    // Server and browser clocks and time zones differ: the browser's rendering wins.
    <time dateTime={iso} title={formatExact(at)} className={className} suppressHydrationWarning>
      {formatRelative(at, now)}
    </time>
  );
}
