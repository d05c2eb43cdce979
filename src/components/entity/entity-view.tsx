"use client";

import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useMemo } from "react";
import { useToast } from "~/components/ui/toast";
import { useTRPC } from "~/trpc/react";
import styles from "./entity.module.css";
import { unpackInstants, unpackTypes } from "./compact";
import { EventList } from "./event-list";
import type { RowContext } from "./event-row";
import type { Appended } from "./forms/event-form";
import { RecordPanel } from "./forms/record-panel";
import { LoopList } from "./loop-list";
import { momentView } from "./moment-view";
import { type Moment, stopsOf } from "./moments";
import type { EntityOverview } from "./overview";
import { StateSummary } from "./state-summary";
import { TimeScrubber } from "./time-scrubber";
import { useDebounced, useIsClient, useMoment } from "./use-moment";
import { ENTITY_PLURALS, ENTITY_WORDS } from "~/components/words/entities";
import { entityHref } from "./entity-href";

type Props = { overview: EntityOverview; initialMoment: Moment };

/** The entity page: a scrubber over its history, its state and loops at that moment, its events, and forms. */
export function EntityView({ overview, initialMoment }: Props) {
  const { type, id } = overview;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const client = useIsClient();
  const { moment, nowMs, setAt, setBasis, refreshNow } = useMoment(initialMoment);
  const toast = useToast();

  const { packed } = overview;
  const occurred = useMemo(() => unpackInstants(packed.occurred), [packed.occurred]);
  const recorded = useMemo(() => unpackInstants(packed.recorded), [packed.recorded]);
  const eventTypes = useMemo(() => unpackTypes(packed.types), [packed.types]);
  const stops = useMemo(() => stopsOf(moment.basis === "occurred" ? occurred : recorded), [moment.basis, occurred, recorded]);
  // The list dims at once while dragging; the replay is asked for once the slider rests.
  const settled = useDebounced(moment, 150);
  const { initial } = overview;
  const onInitial = settled.at === initial.at && settled.basis === initial.basis;
  const asOf = useQuery(
    trpc.entities.asOf.queryOptions(
      { type, id, asOf: new Date(settled.at ?? nowMs).toISOString(), basis: settled.basis, events: "provenance" },
      { placeholderData: keepPreviousData, enabled: !onInitial },
    ),
  );
  const fetched = useMemo(
    () => (asOf.data ? momentView(asOf.data, Date.parse(asOf.data.asOf), asOf.data.basis) : null),
    [asOf.data],
  );
  // The server's replay of the moment the page opened on; the API's for any other.
  const view = onInitial || !fetched ? initial : fetched;
  const stale = (!onInitial && (asOf.isFetching || asOf.isPlaceholderData || !fetched)) || settled !== moment;
  // Only the follow-ups that existed at the moment shown, on its basis (issue 13).
  const followups = useMemo(
    () => overview.followups.filter((f) => moment.at === null || Date.parse(moment.basis === "occurred" ? f.scheduled_at : f.recorded_at) <= moment.at),
    [overview.followups, moment.at, moment.basis],
  );
  const rowCtx: RowContext = useMemo(
    () => ({ loopTypes: overview.loopTypes, people: overview.people, viewerId: overview.viewerId, currency: overview.currency, client }),
    [overview.loopTypes, overview.people, overview.viewerId, overview.currency, client],
  );

  const onAppended = useCallback(
    async (a: Appended) => {
      toast(a.spec.done); // a polite live region (ToastProvider)
      setAt(null);
      refreshNow();
      // The timeline restarts from its first page rather than refetching every page loaded.
      await Promise.all([
        queryClient.resetQueries(trpc.entities.timeline.pathFilter()),
        queryClient.invalidateQueries(trpc.entities.asOf.pathFilter()),
      ]);
      router.refresh(); // new instants for the scrubber, from the server component
    },
    [queryClient, trpc, router, setAt, refreshNow, toast],
  );

  return (
    <main className={styles.page}>
      <header className={styles.header}>
        <p className={styles.kicker}>
          <Link href="/">Dashboard</Link> <span aria-hidden="true">/</span> <Link href={`/entities?type=${type}`}>{ENTITY_PLURALS[type]}</Link>{" "}
          <span aria-hidden="true">/</span> {ENTITY_WORDS[type]}
        </p>
        <h1 className={styles.title}>{overview.title}</h1>
        {overview.about && entityHref(overview.about.type, overview.about.id) ? (
          <p className={styles.muted}>
            About <Link href={entityHref(overview.about.type, overview.about.id)!}>{overview.about.title}</Link>
          </p>
        ) : null}
        {overview.for.length > 0 ? (
          <p className={styles.muted} data-testid="entity-for">
            For{" "}
            {overview.for.map((r, i) => (
              <span key={r.id}>
                {i > 0 ? ", " : null}
                {r.type === "deal" ? "the deal " : null}
                <Link href={entityHref(r.type, r.id)!}>{r.title}</Link>
              </span>
            ))}
          </p>
        ) : null}
      </header>

      <TimeScrubber
        stops={stops}
        eventTypes={eventTypes}
        total={occurred.length}
        moment={moment}
        nowMs={nowMs}
        onAt={setAt}
        onBasis={setBasis}
      />

      <div className={styles.columns}>
        <section className={styles.moment} aria-labelledby="moment-title" aria-busy={stale}>
          <h2 id="moment-title" className={styles.sectionTitle}>
            {moment.at === null ? "Where it stands" : "Where it stood then"}
            {stale ? <span className={styles.updating}> · updating…</span> : null}
          </h2>
          {asOf.isError && !onInitial ? (
            <p role="alert">This moment could not be replayed: {asOf.error.message}</p>
          ) : null}
          <div data-testid="as-of-state" className={styles.view} data-stale={stale || undefined}>
            <StateSummary state={view.state} client={client} />
            <h3 className={styles.subTitle}>Loops</h3>
            <div data-testid="as-of-loops">
              <LoopList loops={view.loops} refs={view.refs} client={client} />
            </div>
          </div>
          {followups.length > 0 ? (
            <>
              <h3 className={styles.subTitle}>Follow-ups about it</h3>
              <ul className={styles.links} data-testid="followups-about">
                {followups.map((f) => (
                  <li key={f.id}>
                    {entityHref("followup", f.id) ? <Link href={entityHref("followup", f.id)!}>{f.title}</Link> : f.title}
                    {/* Its status now: at a past moment it may have been another. */}
                    {f.status && moment.at === null ? <span className={styles.muted}> · {f.status}</span> : null}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>

        <div className={styles.history}>
          <RecordPanel
            ctx={{ type, id, currency: overview.currency }}
            onAppended={onAppended}
            past={moment.at === null ? null : { at: moment.at, client }}
            onBackToNow={() => setAt(null)}
          />
          <section aria-labelledby="events-title">
            <h2 id="events-title" className={styles.sectionTitle}>
              History
            </h2>
            <EventList type={type} id={id} firstPage={overview.firstPage} total={occurred.length} at={moment.at} basis={moment.basis} ctx={rowCtx} />
          </section>
        </div>
      </div>
    </main>
  );
}
