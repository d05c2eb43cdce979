"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback, useEffect, useMemo, useState } from "react";
import type { TimeBasis } from "~/domain/time-travel";
import { formatInstant } from "~/components/entity/format";
import type { Moment } from "~/components/entity/moments";
import { BasisChoice, MomentField } from "~/components/entity/time-scrubber";
import { useIsClient } from "~/components/entity/use-moment";
import { STATUS_WORDS } from "~/components/words/loops";
import { BASIS_PHRASE, CHANGE_WORDS, DASHBOARD_BASES, TIME_CAUSE_WORDS } from "~/components/words/time";
import { useNextPage } from "~/components/ui/use-next-page";
import { useTRPC } from "~/trpc/react";
import { sinceDefault } from "./last-visit";
import { LoadMore } from "./load-more";
import { loopTitle } from "./loop-words";
import { changeCountsWords, groupChanges, parseSince, sinceHref } from "./since";
import { DAY_MS } from "./time-machine";
import { useVisits } from "./use-visits";
import styles from "./dashboard.module.css";
import tm from "./time-machine.module.css";

const PAGE_SIZE = 200;

type Props = { initial: Moment; userId: string };

/**
 * "What changed since …": the loop changes between a moment (by default the end of your last
 * visit, kept in this browser) and now, counted in one line and grouped by kind, each linking to
 * its entity. Deep-linkable: /since?from=…&basis=….
 */
export function SinceView({ initial, userId }: Props) {
  const client = useIsClient();
  const visits = useVisits(userId, false);
  const [chosen, setChosen] = useState<Moment>(initial);
  const [nowMs] = useState(() => Date.now());
  const fallback = visits === undefined ? null : sinceDefault(visits, nowMs);
  const from = chosen.at ?? fallback?.from ?? null;
  const basis = chosen.basis;

  const choose = useCallback((next: Moment) => {
    setChosen(next);
    // Each choice is a place to come back to: its own entry, so Back returns to the one before.
    window.history.pushState(null, "", sinceHref(next));
  }, []);
  useEffect(() => {
    const onPop = () => {
      const q = new URLSearchParams(window.location.search);
      setChosen(parseSince({ from: q.get("from"), basis: q.get("basis") }, Date.now()));
    };
    window.addEventListener("popstate", onPop);
    return () => window.removeEventListener("popstate", onPop);
  }, []);
  const onFrom = (at: number | null) => choose({ at: at === null || at >= Date.now() ? null : at, basis });
  const onBasis = (b: TimeBasis) => choose({ at: chosen.at, basis: b });

  return (
    <div className={styles.dashboard}>
      <h1 className={styles.pageTitle}>What changed</h1>
      <p className={styles.summary} data-testid="since-moment">
        {from === null
          ? " "
          : `Since ${chosen.at === null && fallback?.lastVisit ? "your last visit, " : ""}${client ? formatInstant(from) : "…"}, ${BASIS_PHRASE[basis]}.`}
      </p>
      <div className={tm.sinceControls}>
        <div className={tm.quick} role="group" aria-label="Since">
          <button type="button" className={styles.filter} aria-pressed={chosen.at === null} onClick={() => choose({ at: null, basis })}>
            {fallback?.lastVisit === false ? "A day ago" : "Your last visit"}
          </button>
          {[
            { label: "A week ago", at: nowMs - 7 * DAY_MS },
            { label: "A month ago", at: nowMs - 30 * DAY_MS },
          ].map((q) => (
            <button key={q.label} type="button" className={styles.filter} aria-pressed={chosen.at === q.at} onClick={() => choose({ at: q.at, basis })}>
              {q.label}
            </button>
          ))}
          {from !== null ? <MomentField shownAt={from} client={client} onAt={onFrom} label="Since date and time" /> : null}
        </div>
        <BasisChoice basis={basis} bases={DASHBOARD_BASES} onBasis={onBasis} legend="Which clock" />
      </div>
      {from === null ? <p className={styles.loading}>Loading what changed…</p> : <Changes from={from} basis={basis} />}
      <p>
        <Link href="/">Back to the dashboard</Link>
      </p>
    </div>
  );
}

function Changes({ from, basis }: { from: number; basis: TimeBasis }) {
  const trpc = useTRPC();
  const client = useIsClient();
  const changes = useInfiniteQuery(
    trpc.loops.changes.infiniteQueryOptions(
      { from: new Date(from).toISOString(), basis, limit: PAGE_SIZE },
      { getNextPageParam: (p) => p.nextCursor ?? undefined },
    ),
  );
  const items = useMemo(() => changes.data?.pages.flatMap((p) => p.items) ?? [], [changes.data]);
  const next = useNextPage(changes);
  const groups = useMemo(() => groupChanges(items), [items]);
  if (changes.isPending) return <p className={styles.loading}>Loading what changed…</p>;
  if (changes.isError && items.length === 0) {
    return (
      <p className={styles.loading} role="alert">
        Couldn't load what changed: {changes.error.message}
      </p>
    );
  }
  const more = !!changes.hasNextPage;
  return (
    <>
      <p className={tm.counts} aria-live="polite" data-testid="since-counts">
        {changeCountsWords(groups)}
        {more ? " More below." : ""}
      </p>
      {groups.map((g) => (
        <section key={g.kind} aria-labelledby={`since-${g.kind}`} className={styles.section} data-change={g.kind}>
          <div className={styles.sectionHead}>
            <h2 id={`since-${g.kind}`} className={styles.sectionTitle}>
              {CHANGE_WORDS[g.kind].heading} <span className={styles.sectionCount}>{g.items.length}</span>
            </h2>
          </div>
          <ul className={styles.list} role="list">
            {g.items.map((c) => (
              <li key={`${c.kind}-${c.loop.id}-${c.changed_at}`} className={tm.change}>
                <Link href={`/entities/${c.loop.entity_type}/${c.loop.entity_id}`} className={tm.changeTitle}>
                  {loopTitle(c.loop, new Date(c.changed_at))}
                </Link>
                <p className={styles.meta}>
                  <time dateTime={c.changed_at}>{client ? formatInstant(Date.parse(c.changed_at)) : ""}</time>
                  {c.caused_by_event_id === null ? (
                    <>
                      <span aria-hidden="true"> · </span>
                      <span data-testid="time-cause">{TIME_CAUSE_WORDS[c.kind]}</span>
                    </>
                  ) : null}
                  {c.kind === "closed" ? (
                    <>
                      <span aria-hidden="true"> · </span>
                      <span>{STATUS_WORDS[c.loop.status]}</span>
                    </>
                  ) : null}
                </p>
              </li>
            ))}
          </ul>
        </section>
      ))}
      <LoadMore hasMore={more} loading={next.loading} onMore={next.more} />
    </>
  );
}
