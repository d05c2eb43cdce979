"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useCallback, useRef, useState } from "react";
import type { Moment } from "~/components/entity/moments";
import { type MomentChange, useDebounced, useMoment } from "~/components/entity/use-moment";
import { ReasonDialog } from "~/components/ui/reason-dialog";
import { useNow } from "~/components/ui/relative-time";
import { useTRPC } from "~/trpc/react";
import { EmptyState } from "./empty-state";
import { FullList, useFullList } from "./full-list";
import { LoopItem } from "./loop-item";
import { loopTitle } from "./loop-words";
import { Overview, useOverviewLoops } from "./overview";
import { SnoozeDialog } from "./snooze-dialog";
import { SummaryLine } from "./summary-line";
import { TypeFilter } from "./type-filter";
import { useFocusAfterRemoval } from "./use-focus-after-removal";
import { useLiveLoops } from "./use-live-loops";
import { useLoopActions } from "./use-loop-actions";
import { useLoopKeys } from "./use-loop-keys";
import type { LoopView } from "./types";
import { PastBanner, TimeControl } from "./time-control";
import { asOfInput, parseDashboardMoment, withShow } from "./time-machine";
import { useVisits } from "./use-visits";
import { type DashboardView, OVERVIEW, viewParam } from "./view";
import tm from "./time-machine.module.css";
import styles from "./dashboard.module.css";

/** The screen heals itself even if the live stream is down (a proxy that drops SSE, say). */
const REFETCH_MS = 15_000;

const NOW_MOMENT: Moment = { at: null, basis: "occurred" };
const parseUrlMoment = (p: { asOf: string | null; basis: string | null }) => parseDashboardMoment(p, Date.now());

type Props = { initialView?: DashboardView; initialMoment?: Moment; userId: string };

/**
 * The calm dashboard: what to do first and what is coming up (the overview), or every loop, one
 * kind, paged; counts by kind that double as filters; live updates; keyboard actions. With a
 * past moment (?asOf=…&basis=…, the time machine) the same views show the org's loops as they
 * were then, read-only, and live updates pause.
 */
export function Dashboard({ initialView = OVERVIEW, initialMoment = NOW_MOMENT, userId }: Props) {
  const trpc = useTRPC();
  const liveNow = useNow();
  const [view, setViewState] = useState<DashboardView>(initialView);
  const setView = useCallback((next: DashboardView) => {
    setViewState(next);
    // The view is in the URL so it can be linked and survives a reload; a new view, not a new page.
    window.history.replaceState(null, "", `/${withShow(window.location.search, viewParam(next))}`);
    // A new view starts at its top: "Show all" sits at the bottom of the overview, and staying there
    // would read as the end of the list and keep loading page after page.
    window.scrollTo({ top: 0 });
  }, []);
  const { moment, nowMs, setAt: setMomentAt, setBasis } = useMoment(initialMoment, parseUrlMoment);
  // A moment typed in the future is now: the API answers only what has happened.
  const setAt = useCallback((at: number | null, how?: MomentChange) => setMomentAt(at !== null && at >= Date.now() ? null : at, how), [setMomentAt]);
  const [machineOpen, setMachineOpen] = useState(initialMoment.at !== null);
  const visits = useVisits(userId, true);
  // The lists dim at once while the slider moves; the moment is asked for once it rests.
  const settled = useDebounced(moment, 150);
  const past = settled.at !== null;
  const at = asOfInput(settled);
  // Loops are judged at the moment shown: "was due 2 days ago" then, not now.
  const now = past ? new Date(settled.at!) : liveNow;
  const summary = useQuery(
    trpc.loops.summary.queryOptions(past ? at : undefined, { refetchInterval: past ? false : REFETCH_MS, placeholderData: keepPreviousData }),
  );
  const overview = useOverviewLoops(view.kind === "overview", now, at);
  const full = useFullList(view, at);
  const live = useLiveLoops(!past);
  const stale = settled !== moment || summary.isPlaceholderData || overview.stale || full.stale;
  const actions = useLoopActions();
  const loops = view.kind === "overview" ? [...overview.first, ...overview.next] : full.loops;
  const pending = view.kind === "overview" ? overview.pending : full.pending;
  const failed = view.kind === "overview" ? overview.failed : full.failed;
  const [dismissing, setDismissing] = useState<LoopView | null>(null);
  const [picking, setPicking] = useState<LoopView | null>(null);
  const container = useRef<HTMLDivElement>(null);
  const { focusNext, refocus } = useFocusAfterRemoval(container, loops);

  const resolve = useCallback((id: string) => {
    focusNext(id);
    actions.resolve(id, refocus(id));
  }, [actions, focusNext, refocus]);
  const askDismiss = useCallback((id: string) => setDismissing(loops.find((l) => l.id === id) ?? null), [loops]);
  const snooze = useCallback((id: string, until: Date | null) => {
    if (until === null) return setPicking(loops.find((l) => l.id === id) ?? null);
    focusNext(id);
    actions.snooze(id, until, refocus(id));
  }, [actions, focusNext, refocus, loops]);
  const wake = useCallback((id: string) => {
    const loop = loops.find((l) => l.id === id);
    actions.wake(id, loop ? loopTitle(loop, new Date()) : undefined);
  }, [actions, loops]);
  // The past is read-only: no keys that act on a loop (j and k still move).
  useLoopKeys(container, past ? null : { resolve, dismiss: askDismiss });

  const type = view.kind === "type" ? view.type : null;
  const counts = type ? summary.data?.byType[type] : summary.data?.bySeverity;
  const item = (l: LoopView) =>
    past ? (
      <LoopItem key={l.id} loop={l} now={now} readOnly={{ moment: settled }} />
    ) : (
      <LoopItem key={l.id} loop={l} now={now} onResolve={resolve} onDismiss={askDismiss} onSnooze={snooze} onWake={wake} />
    );

  return (
    // The data-live attributes let tests (and the curious) see the live stream at work.
    <div
      ref={container}
      className={styles.dashboard}
      data-live={past ? "paused" : live.connected ? "on" : "off"}
      data-live-updates={live.updates}
      data-view={viewParam(view) ?? "overview"}
      data-as-of={past ? new Date(settled.at!).toISOString() : undefined}
    >
      <h1 className={styles.pageTitle}>{moment.at === null ? "Today" : "As it was"}</h1>
      <SummaryLine summary={summary.data} type={type} past={past} />
      {moment.at !== null ? <PastBanner moment={{ ...moment, at: moment.at }} onBackToNow={() => setAt(null)} /> : null}
      <TimeControl
        moment={moment}
        nowMs={nowMs}
        open={machineOpen || moment.at !== null}
        onToggle={() => setMachineOpen((o) => !o)}
        onAt={setAt}
        onBasis={setBasis}
        lastVisit={visits === undefined ? undefined : (visits?.previousSeen ?? null)}
      />
      <div className={`${tm.view} ${styles.dashboard}`} data-stale={stale || undefined} aria-busy={stale} data-testid="dashboard-loops">
      {summary.data ? <TypeFilter summary={summary.data} view={view} onSelect={setView} /> : null}
      {pending ? (
        <p className={styles.loading}>Loading what needs you…</p>
      ) : failed && loops.length === 0 ? (
        <p className={styles.loading} role="alert">
          Couldn't load your loops. Trying again shortly…
        </p>
      ) : loops.length === 0 ? (
        <EmptyState filtered={view.kind === "type"} snoozed={view.kind === "snoozed"} past={past} onShowAll={() => setView(OVERVIEW)} />
      ) : (
        <>
          {view.kind === "overview" ? (
            <Overview loops={overview} summary={summary.data} item={item} onKind={(t) => setView({ kind: "type", type: t })} onAll={() => setView({ kind: "all" })} />
          ) : (
            <FullList list={full} view={view} counts={counts} item={item} />
          )}
          {past ? (
            <p className={styles.keys}>
              <kbd>j</kbd> <kbd>k</kbd> move · <kbd>Ctrl</kbd>+<kbd>K</kbd> find
            </p>
          ) : (
            <p className={styles.keys}>
              <kbd>j</kbd> <kbd>k</kbd> move · <kbd>r</kbd> resolve · <kbd>d</kbd> dismiss · <kbd>u</kbd> undo · <kbd>n</kbd> new · <kbd>Ctrl</kbd>+<kbd>K</kbd> find
            </p>
          )}
        </>
      )}
      </div>
      <SnoozeDialog
        open={picking !== null}
        description={picking ? loopTitle(picking, now) : undefined}
        onClose={() => setPicking(null)}
        onConfirm={(until) => {
          const id = picking?.id;
          setPicking(null);
          if (id) snooze(id, until);
        }}
      />
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
