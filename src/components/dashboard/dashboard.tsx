"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useCallback, useMemo, useRef, useState } from "react";
import type { LoopType } from "~/domain/loops";
import { ReasonDialog } from "~/components/ui/reason-dialog";
import { useNow } from "~/components/ui/relative-time";
import { useTRPC } from "~/trpc/react";
import { EmptyState } from "./empty-state";
import { LoadMore } from "./load-more";
import { LoopItem } from "./loop-item";
import { LoopSection } from "./loop-section";
import { loopTitle } from "./loop-words";
import { SummaryLine } from "./summary-line";
import { TypeFilter } from "./type-filter";
import { useFocusAfterRemoval } from "./use-focus-after-removal";
import { useLiveLoops } from "./use-live-loops";
import { useLoopActions } from "./use-loop-actions";
import { useLoopKeys } from "./use-loop-keys";
import type { LoopView } from "./types";
import styles from "./dashboard.module.css";

const PAGE_SIZE = 25;
/** The screen heals itself even if the live stream is down (a proxy that drops SSE, say). */
const REFETCH_MS = 15_000;

/** The calm dashboard: open loops in two groups, filters by kind, live updates, and keyboard actions. */
export function Dashboard() {
  const trpc = useTRPC();
  const now = useNow();
  const [type, setType] = useState<LoopType | null>(null);
  const summary = useQuery(trpc.loops.summary.queryOptions(undefined, { refetchInterval: REFETCH_MS }));
  const list = useInfiniteQuery(
    trpc.loops.list.infiniteQueryOptions(
      { limit: PAGE_SIZE, ...(type ? { type } : {}) },
      { getNextPageParam: (p) => p.nextCursor ?? undefined, refetchInterval: REFETCH_MS },
    ),
  );
  const live = useLiveLoops();
  const actions = useLoopActions();
  const loops = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const [dismissing, setDismissing] = useState<LoopView | null>(null);
  const container = useRef<HTMLDivElement>(null);
  const { focusNext, refocus } = useFocusAfterRemoval(container, loops);

  const resolve = useCallback((id: string) => {
    focusNext(id);
    actions.resolve(id, refocus(id));
  }, [actions, focusNext, refocus]);
  const askDismiss = useCallback((id: string) => setDismissing(loops.find((l) => l.id === id) ?? null), [loops]);
  useLoopKeys(container, { resolve, dismiss: askDismiss });

  const high = loops.filter((l) => l.severity === "high");
  const medium = loops.filter((l) => l.severity !== "high");
  const counts = type ? summary.data?.byType[type] : summary.data?.bySeverity;
  const item = (l: LoopView) => <LoopItem key={l.id} loop={l} now={now} onResolve={resolve} onDismiss={askDismiss} />;

  return (
    // The data-live attributes let tests (and the curious) see the live stream at work.
    <div ref={container} className={styles.dashboard} data-live={live.connected ? "on" : "off"} data-live-updates={live.updates}>
      <SummaryLine summary={summary.data} type={type} />
      {summary.data ? <TypeFilter summary={summary.data} selected={type} onSelect={setType} /> : null}
      {list.isPending ? (
        <p className={styles.loading}>Loading what needs you…</p>
      ) : list.isError && loops.length === 0 ? (
        <p className={styles.loading} role="alert">Couldn't load your loops. Trying again shortly…</p>
      ) : loops.length === 0 ? (
        <EmptyState filtered={type !== null} onShowAll={() => setType(null)} />
      ) : (
        <>
          {high.length > 0 ? (
            <LoopSection id="needs-attention" title="Needs attention" hint="Due now or overdue" count={counts?.high ?? high.length}>
              {high.map(item)}
            </LoopSection>
          ) : null}
          {medium.length > 0 ? (
            <LoopSection id="coming-up" title="Coming up" hint="By due date" count={counts?.medium ?? medium.length}>
              {medium.map(item)}
            </LoopSection>
          ) : null}
          <LoadMore hasMore={!!list.hasNextPage} loading={list.isFetchingNextPage} onMore={() => void list.fetchNextPage()} />
          <p className={styles.keys}>
            <kbd>j</kbd> <kbd>k</kbd> move · <kbd>r</kbd> resolve · <kbd>d</kbd> dismiss
          </p>
        </>
      )}
      <ReasonDialog
        open={dismissing !== null}
        title="Dismiss this loop?"
        description={dismissing ? loopTitle(dismissing, now) : undefined}
        label="Why? (optional, shown on its timeline)"
        confirmLabel="Dismiss"
        onClose={() => setDismissing(null)}
        onConfirm={(reason) => {
          const id = dismissing?.id;
          setDismissing(null);
          if (!id) return;
          focusNext(id);
          actions.dismiss(id, reason, refocus(id));
        }}
      />
    </div>
  );
}
