"use client";

import Link from "next/link";
import { useId, useMemo } from "react";
import type { TimeBasis } from "~/domain/time-travel";
import { formatInstant } from "~/components/entity/format";
import type { Moment } from "~/components/entity/moments";
import { MomentScrubber } from "~/components/entity/time-scrubber";
import { useIsClient } from "~/components/entity/use-moment";
import { BASIS_PHRASE, DASHBOARD_BASES } from "~/components/words/time";
import { Button } from "~/components/ui/button";
import { sinceHref } from "./since";
import { agoWords, dayStops } from "./time-machine";
import styles from "./time-machine.module.css";

type Props = {
  moment: Moment;
  nowMs: number;
  open: boolean;
  onToggle: () => void;
  onAt: (at: number | null, how?: "step" | "drag") => void;
  onBasis: (basis: TimeBasis) => void;
  /** The end of the viewer's previous visit, once read (null: none on this device). */
  lastVisit: number | null | undefined;
};

/**
 * The dashboard's time machine: one quiet line ("Look back in time", "What changed since your
 * last visit") that opens the same scrubber as an entity's timeline, a day per step.
 */
export function TimeControl({ moment, nowMs, open, onToggle, onAt, onBasis, lastVisit }: Props) {
  const id = useId();
  const client = useIsClient();
  const stops = useMemo(() => dayStops(nowMs), [nowMs]);
  const describe = (i: number, slider: { max: number; before: boolean }) => {
    if (i >= slider.max) return "Now";
    const at = slider.before && i === 0 ? moment.at! : stops[slider.before ? i - 1 : i]!.at;
    return client ? `${formatInstant(at)} · ${agoWords(at, nowMs)}` : agoWords(at, nowMs);
  };
  return (
    <div className={styles.timeMachine}>
      {/* In the past the scrubber stays open (the banner above says how to leave): no toggle, no "since" line. */}
      {moment.at === null ? (
        <div className={styles.timeLine}>
          <button type="button" className={styles.toggle} aria-expanded={open} aria-controls={`${id}-scrubber`} onClick={onToggle}>
            <span aria-hidden="true">{open ? "▾" : "▸"}</span> Look back in time
          </button>
          <Link className={styles.sinceLink} href="/since" data-testid="since-link">
            {lastVisit ? `What changed since your last visit (${client ? formatInstant(lastVisit) : "…"})` : "What changed in the last day"}
          </Link>
        </div>
      ) : null}
      <div id={`${id}-scrubber`} hidden={!open}>
        {open ? (
          <MomentScrubber
            stops={stops}
            moment={moment}
            nowMs={nowMs}
            onAt={onAt}
            onBasis={onBasis}
            sliderLabel="Moment to show the dashboard at"
            stepNoun="day"
            describe={describe}
            count={moment.at === null ? "Live" : agoWords(moment.at, nowMs)}
            bases={DASHBOARD_BASES}
            className={styles.scrubber}
          />
        ) : null}
      </div>
    </div>
  );
}

/** Above a past moment's loops: what is shown, that it is read-only, and the way back. */
export function PastBanner({ moment, onBackToNow }: { moment: Moment & { at: number }; onBackToNow: () => void }) {
  const client = useIsClient();
  return (
    <div className={styles.banner} role="status" data-testid="past-banner">
      <p className={styles.bannerText}>
        Showing your loops as they were on <strong>{client ? formatInstant(moment.at) : "…"}</strong>, {BASIS_PHRASE[moment.basis]}. The
        past is read-only.
      </p>
      <div className={styles.bannerActions}>
        <Link href={sinceHref(moment)}>What changed since then</Link>
        <Button size="sm" onClick={onBackToNow}>
          Back to now
        </Button>
      </div>
    </div>
  );
}
