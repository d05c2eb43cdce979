"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { LATE_AFTER_MS, formatSpan } from "~/components/entity/format";
import { ENTITY_WORDS } from "~/components/words/entities";
import { eventWords } from "~/components/words/events";
import { Button } from "~/components/ui/button";
import { RelativeTime } from "~/components/ui/relative-time";
import type { AppRouter } from "~/server/trpc/root";
import { useNextPage } from "~/components/ui/use-next-page";
import { useTRPC } from "~/trpc/react";
import { eventDetail } from "./event-detail";
import styles from "./activity.module.css";

type ActivityPage = inferRouterOutputs<AppRouter>["activity"]["list"];
type ActivityItem = ActivityPage["items"][number];

/** The feed: the first page comes with the page (activity.list on the server), later ones on "Load more". */
export function ActivityFeed({ first, viewerId }: { first: ActivityPage; viewerId: string }) {
  const trpc = useTRPC();
  const feed = useInfiniteQuery(
    trpc.activity.list.infiniteQueryOptions(
      {},
      {
        getNextPageParam: (p) => p.nextCursor,
        initialData: { pages: [first], pageParams: [null] },
        staleTime: Infinity, // the first page is fresh from the server; reloading the page refreshes it
      },
    ),
  );
  const next = useNextPage(feed);
  const items = feed.data.pages.flatMap((p) => p.items);
  if (items.length === 0) return <p className={styles.empty}>Nothing has happened yet.</p>;
  return (
    <>
      <ol className={styles.list} aria-label="Events, newest first">
        {items.map((e) => (
          <ActivityEntry key={e.id} event={e} viewerId={viewerId} />
        ))}
      </ol>
      {feed.hasNextPage ? (
        <div className={styles.more}>
          <Button onClick={next.more} disabled={next.loading}>
            {next.loading ? "Loading…" : "Load more"}
          </Button>
        </div>
      ) : (
        <p className={styles.end}>That's everything.</p>
      )}
      {feed.isFetchNextPageError ? (
        <p role="alert" className={styles.end}>
          Couldn't load more. Try again.
        </p>
      ) : null}
    </>
  );
}

function actorWords(actor: ActivityItem["actor"], viewerId: string): string {
  if (actor.type === "user") return actor.id === viewerId ? "You" : (actor.name ?? "A teammate");
  if (actor.type === "client") return "The client";
  return actor.name ?? "Automation";
}

function ActivityEntry({ event, viewerId }: { event: ActivityItem; viewerId: string }) {
  const kind = ENTITY_WORDS[event.entity.type];
  const detail = eventDetail(event.event_type, event.payload);
  // The feed is in the order things happened; an entry recorded well after says so, as on a timeline.
  const lag = Date.parse(event.created_at) - Date.parse(event.occurred_at);
  return (
    <li className={styles.item} data-event-type={event.event_type}>
      <div className={styles.head}>
        <span className={styles.what}>{eventWords(event.event_type)}</span>
        <RelativeTime iso={event.occurred_at} className={styles.when} />
      </div>
      <p className={styles.about}>
        <Link href={`/entities/${event.entity.type}/${event.entity.id}`}>{event.entity.name ?? kind}</Link>
        <span className={styles.kind}> · {kind}</span>
        <span> · by {actorWords(event.actor, viewerId)}</span>
      </p>
      {detail ? <p className={styles.detail}>{detail}</p> : null}
      {lag > LATE_AFTER_MS ? (
        <p className={styles.late} data-testid="late">
          <span className={styles.lateMarker} aria-hidden="true" />
          Recorded {formatSpan(lag)} later, <RelativeTime iso={event.created_at} />
        </p>
      ) : null}
    </li>
  );
}
