"use client";

import { useEffect, useRef } from "react";
import { Button } from "~/components/ui/button";
import styles from "./dashboard.module.css";

type Props = { hasMore: boolean; loading: boolean; onMore: () => void; label?: string };

/** Loads the next page when it scrolls into view; the button does the same for keyboards and old browsers. */
export function LoadMore({ hasMore, loading, onMore, label = "Show more" }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el || !hasMore || loading || typeof IntersectionObserver === "undefined") return;
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) onMore();
    }, { rootMargin: "200px" });
    io.observe(el);
    return () => io.disconnect();
  }, [hasMore, loading, onMore]);
  if (!hasMore) return null;
  return (
    <div ref={ref} className={styles.more}>
      <Button variant="quiet" onClick={onMore} disabled={loading}>
        {loading ? "Loading…" : label}
      </Button>
    </div>
  );
}
