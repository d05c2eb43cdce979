"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useWindowVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import type { EntityType } from "~/domain/events";
import type { TimeBasis } from "~/domain/time-travel";
import { useNextPage } from "~/components/ui/use-next-page";
import { useTRPC } from "~/trpc/react";
import { EventRow, type RowContext } from "./event-row";
import type { EntityOverview } from "./overview";
import styles from "./timeline.module.css";

type Props = {
  type: EntityType;
  firstPage: EntityOverview["firstPage"];
  id: string;
  total: number;
  /** Events after this instant on `basis` are dimmed; null shows everything as current. */
  at: number | null;
  basis: TimeBasis;
  ctx: RowContext;
};

const PAGE = 200;

/** The entity's events newest first, paged from entities.timeline and virtualized (thousands stay smooth). */
export function EventList({ type, id, firstPage, total, at, basis, ctx }: Props) {
  const trpc = useTRPC();
  const timeline = useInfiniteQuery(
    trpc.entities.timeline.infiniteQueryOptions(
      { type, id, limit: PAGE },
      { getNextPageParam: (p) => p.nextCursor, initialData: { pages: [firstPage], pageParams: [null] } },
    ),
  );
  const events = useMemo(() => timeline.data?.pages.flatMap((p) => p.items) ?? [], [timeline.data]);
  const { hasNextPage } = timeline;
  const { more, loading } = useNextPage(timeline);

  // The window scrolls, not the list: the virtualizer needs the list's offset in the page.
  const listRef = useRef<HTMLOListElement>(null);
  const [margin, setMargin] = useState(0);
  useLayoutEffect(() => {
    const el = listRef.current;
    if (!el) return;
    const measure = () => setMargin(el.getBoundingClientRect().top + window.scrollY);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(document.body);
    return () => observer.disconnect();
  }, []);

  const virtualizer = useWindowVirtualizer({
    count: events.length,
    estimateSize: () => 96,
    overscan: 8,
    scrollMargin: margin,
    getItemKey: (i) => events[i]?.id ?? i,
    // The server renders the first rows too (a typical window), so they arrive with the page.
    initialRect: { width: 1024, height: 900 },
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? -1;

  useEffect(() => {
    if (hasNextPage && !loading && lastIndex >= events.length - 20) more();
  }, [hasNextPage, loading, more, lastIndex, events.length]);

  // Sizes and positions are written through the DOM, not as style attributes: the pages' CSP
  // allows no inline style (issue 8). Until this runs (the server's HTML, before scripts), the
  // rows flow one after another, which reads the same; [data-virtual] then positions them.
  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list) return;
    const offset = virtualizer.options.scrollMargin;
    const start = new Map(items.map((v) => [v.index, v.start - offset]));
    list.style.height = `${virtualizer.getTotalSize()}px`;
    for (const li of Array.from(list.children) as HTMLElement[]) {
      const y = start.get(Number(li.dataset.index));
      if (y !== undefined) li.style.transform = `translateY(${y}px)`;
    }
    list.dataset.virtual = "";
  });

  const isAfter = (occurredAt: string, createdAt: string) =>
    at !== null && Date.parse(basis === "occurred" ? occurredAt : createdAt) > at;

  return (
    <>
      {timeline.isPending ? <p className={styles.listStatus}>Loading the history…</p> : null}
      {timeline.isError ? (
        <p className={styles.listStatus} role="alert">
          The history could not be loaded.{" "}
          <button type="button" className={styles.linkButton} onClick={() => void timeline.refetch()}>
            Try again
          </button>
        </p>
      ) : null}
      <ol ref={listRef} className={styles.events} aria-label="Events, newest first">
        {items.map((v) => {
          const event = events[v.index]!;
          return (
            <li
              key={v.key}
              data-index={v.index}
              ref={virtualizer.measureElement}
              className={styles.eventItem}
              aria-setsize={total}
              aria-posinset={v.index + 1}
            >
              <EventRow event={event} dimmed={isAfter(event.occurred_at, event.created_at)} ctx={ctx} />
            </li>
          );
        })}
      </ol>
      {timeline.isFetchingNextPage ? <p className={styles.listStatus}>Loading older events…</p> : null}
    </>
  );
}
