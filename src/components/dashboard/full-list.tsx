"use client";

import { keepPreviousData, useInfiniteQuery, useIsMutating } from "@tanstack/react-query";
import { type ReactNode, useMemo } from "react";
import { useNextPage } from "~/components/ui/use-next-page";
import { useTRPC } from "~/trpc/react";
import { LoadMore } from "./load-more";
import { LoopSection } from "./loop-section";
import type { LoopView } from "./types";
import type { AsOfInput } from "./time-machine";
import type { DashboardView } from "./view";

const PAGE_SIZE = 25;
const REFETCH_MS = 15_000;

export type FullLoops = { loops: LoopView[]; pending: boolean; failed: boolean; stale: boolean; hasMore: boolean; loadingMore: boolean; more: () => void };

/** Every open loop of the view (all, or one kind), by due date, a page at a time (at a past moment: then). */
export function useFullList(view: DashboardView, at: AsOfInput): FullLoops {
  const trpc = useTRPC();
  const enabled = view.kind !== "overview";
  const list = useInfiniteQuery(
    trpc.loops.list.infiniteQueryOptions(
      { limit: PAGE_SIZE, ...(view.kind === "type" ? { type: view.type } : {}), ...(view.kind === "snoozed" ? { snoozed: "only" as const } : {}), ...at },
      {
        getNextPageParam: (p) => p.nextCursor ?? undefined,
        // The past does not change under you: no refetching it.
        refetchInterval: "asOf" in at ? false : REFETCH_MS,
        enabled,
        placeholderData: keepPreviousData,
      },
    ),
  );
  const loops = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  // While a resolve, dismiss or snooze is in flight the list lacks its loop (use-loop-actions.ts):
  // a page fetched then would be built on that list and undo a rollback.
  const acting = useIsMutating({ mutationKey: trpc.loops.pathKey() }) > 0;
  const next = useNextPage(list, acting);
  return {
    loops,
    pending: list.isPending,
    failed: list.isError,
    stale: enabled && list.isPlaceholderData,
    hasMore: !!list.hasNextPage,
    loadingMore: next.loading,
    more: next.more,
  };
}

type Props = { list: FullLoops; view: DashboardView; counts: { high: number; medium: number } | undefined; item: (loop: LoopView) => ReactNode };

/**
 * The loops in two groups, "Needs attention" (due now or overdue) and "Coming up", loading more as
 * you scroll; the snoozed ones in one group of their own.
 */
export function FullList({ list, view, counts, item }: Props) {
  if (view.kind === "snoozed") {
    return (
      <>
        <LoopSection id="snoozed" title="Snoozed" hint="Back by themselves when their snooze ends" count={list.loops.length}>
          {list.loops.map(item)}
        </LoopSection>
        <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onMore={list.more} />
      </>
    );
  }
  const high = list.loops.filter((l) => l.severity === "high");
  const medium = list.loops.filter((l) => l.severity !== "high");
  return (
    <>
      {high.length > 0 ? (
        <LoopSection id="needs-attention" title="Needs attention" hint="Due now or overdue, oldest first" count={counts?.high ?? high.length}>
          {high.map(item)}
        </LoopSection>
      ) : null}
      {medium.length > 0 ? (
        <LoopSection id="coming-up" title="Coming up" hint="By due date" count={counts?.medium ?? medium.length}>
          {medium.map(item)}
        </LoopSection>
      ) : null}
      <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onMore={list.more} />
    </>
  );
}
