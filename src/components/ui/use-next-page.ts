"use client";

import { useCallback, useEffect, useState } from "react";

type Paged = { hasNextPage: boolean; isFetching: boolean; isFetchingNextPage: boolean; fetchNextPage: () => Promise<unknown> };

/**
 * "Load more" for an infinite query that does not lose a refetch. TanStack Query's fetchNextPage
 * cancels a refetch in flight (TanStack/query#5972): a change the live stream, an invalidation or
 * the interval asked for then stayed off the screen until the next refetch, 15 s later on the
 * dashboard. Asked for during a refetch, the next page waits for it and then loads.
 * `hold`: wait too while it is true, e.g. while an optimistic change to the list is in flight (a
 * page fetched meanwhile is appended to the list as it was then, and would undo a rollback).
 */
export function useNextPage({ hasNextPage, isFetching, isFetchingNextPage, fetchNextPage }: Paged, hold = false): { more: () => void; loading: boolean } {
  const [waiting, setWaiting] = useState(false);
  useEffect(() => {
    if (!waiting || isFetching || hold) return;
    setWaiting(false);
    if (hasNextPage) void fetchNextPage();
  }, [waiting, isFetching, hold, hasNextPage, fetchNextPage]);
  const more = useCallback(() => {
    if (isFetchingNextPage) return;
    if (isFetching || hold) setWaiting(true);
    else void fetchNextPage();
  }, [isFetching, isFetchingNextPage, hold, fetchNextPage]);
  return { more, loading: isFetchingNextPage || waiting };
}
