"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { type ReactNode, useMemo } from "react";
import { LOOP_TYPES, type LoopType } from "~/domain/loops";
import { useTRPC } from "~/trpc/react";
import { LoopSection } from "./loop-section";
import { FIRST_THINGS, ORDER_EXPLAINED, firstThings } from "./priority";
import { RestSummary, restByKind } from "./rest-summary";
import type { AsOfInput } from "./time-machine";
import type { LoopSummary, LoopView } from "./types";
import styles from "./dashboard.module.css";

/** Loops weighed for "do this first": the longest overdue of them (loops.list orders by due date). */
const CANDIDATES = 200;
const COMING_UP = 5;
const REFETCH_MS = 15_000;

export type OverviewLoops = { first: LoopView[]; next: LoopView[]; pending: boolean; failed: boolean; stale: boolean };

/** The overview's rows: the first things among the overdue, and the next few coming up (at a past moment: then). */
export function useOverviewLoops(enabled: boolean, now: Date, at: AsOfInput): OverviewLoops {
  const trpc = useTRPC();
  // The past does not change under you: no refetching it.
  const opts = { refetchInterval: "asOf" in at ? (false as const) : REFETCH_MS, enabled, placeholderData: keepPreviousData };
  const high = useQuery(trpc.loops.list.queryOptions({ severity: "high", limit: CANDIDATES, ...at }, opts));
  const medium = useQuery(trpc.loops.list.queryOptions({ severity: "medium", limit: COMING_UP, ...at }, opts));
  const first = useMemo(() => firstThings(high.data?.items ?? [], now, FIRST_THINGS), [high.data, now]);
  const next = useMemo(() => medium.data?.items ?? [], [medium.data]);
  return {
    first,
    next,
    pending: high.isPending || medium.isPending,
    failed: high.isError || medium.isError,
    stale: enabled && (high.isPlaceholderData || medium.isPlaceholderData),
  };
}

type Props = {
  loops: OverviewLoops;
  summary: LoopSummary | undefined;
  item: (loop: LoopView) => ReactNode;
  onKind: (type: LoopType) => void;
  onAll: () => void;
};

/**
 * The calm first screen at any volume (issue 13): at most seven loops that need attention, chosen
 * and ordered by how long overdue and how much money is at stake, then the rest by kind with a way
 * into each; the next few coming up by due date, and the rest of those by kind.
 */
export function Overview({ loops: { first, next }, summary, item, onKind, onAll }: Props) {
  const byType = (sev: "high" | "medium") => Object.fromEntries(LOOP_TYPES.map((t) => [t, summary?.byType[t]?.[sev] ?? 0]));
  const highCount = Math.max(summary?.bySeverity.high ?? 0, first.length);
  const mediumCount = Math.max(summary?.bySeverity.medium ?? 0, next.length);
  const more = highCount + mediumCount > first.length + next.length;
  return (
    <>
      {first.length > 0 ? (
        <div className={styles.group}>
          <LoopSection
            id="needs-attention"
            title="Needs attention"
            count={highCount}
            note={`${highCount > first.length ? `The ${first.length} to do first. ` : ""}${ORDER_EXPLAINED}`}
          >
            {first.map(item)}
          </LoopSection>
          <RestSummary label="Also needing attention" counts={restByKind(byType("high"), first)} onKind={onKind} />
        </div>
      ) : null}
      {next.length > 0 ? (
        <div className={styles.group}>
          <LoopSection id="coming-up" title="Coming up" hint="By due date" count={mediumCount}>
            {next.map(item)}
          </LoopSection>
          <RestSummary label="Also coming up" counts={restByKind(byType("medium"), next)} onKind={onKind} />
        </div>
      ) : null}
      {more ? (
        <div className={styles.more}>
          <button type="button" className={styles.restAll} onClick={onAll}>
            Show all {highCount + mediumCount} open loops
          </button>
        </div>
      ) : null}
    </>
  );
}
