"use client";

import { useId } from "react";
import type { TimeBasis } from "~/domain/time-travel";
import { formatDay, formatInstant, fromLocalInput, toLocalInput } from "./format";
import { type Moment, type Stop, countAt, nextStop, previousStop, stopIndexAt } from "./moments";
import styles from "./timeline.module.css";
import { useIsClient } from "./use-moment";
import { eventWords } from "~/components/words/events";

type Props = {
  stops: Stop[];
  eventTypes: string[];
  total: number;
  moment: Moment;
  nowMs: number;
  onAt: (at: number | null) => void;
  onBasis: (basis: TimeBasis) => void;
};

const n = (x: number) => x.toLocaleString("en");

const BASES: { value: TimeBasis; label: string; hint: string }[] = [
  { value: "occurred", label: "As it happened", hint: "Events by when they happened, including those recorded later" },
  { value: "recorded", label: "As the system saw it", hint: "Only what had been recorded by then, as the screen showed it" },
];

/** Scrubs the entity's history: a slider over its event instants (plus now), a date field and steps. */
export function TimeScrubber({ stops, eventTypes, total, moment, nowMs, onAt, onBasis }: Props) {
  const id = useId();
  const client = useIsClient();
  const { at, basis } = moment;
  const nowIndex = stops.length;
  const index = at === null ? nowIndex : Math.max(0, stopIndexAt(stops, at));
  const shownAt = at ?? nowMs;
  const visible = at === null ? countAt(stops, nowMs) : countAt(stops, at);

  const describe = (i: number): string => {
    const stop = stops[i];
    if (!stop) return "Now";
    const what = eventWords(eventTypes[stop.firstIndex] ?? "");
    const more = stop.count > 1 ? ` and ${stop.count - 1} more` : "";
    return `${client ? formatInstant(stop.at) : ""} · ${what}${more} (moment ${n(i + 1)} of ${n(stops.length)})`;
  };

  const prev = previousStop(stops, shownAt);
  const next = at === null ? undefined : nextStop(stops, at);

  return (
    <section className={styles.scrubber} aria-labelledby={`${id}-title`}>
      <div className={styles.scrubberHead}>
        <h2 id={`${id}-title`} className={styles.scrubberTitle} data-testid="moment-title">
          {at === null ? "Now" : client ? formatInstant(at) : "…"}
        </h2>
        <p className={styles.scrubberCount}>
          {visible === total ? `all ${n(total)} event${total === 1 ? "" : "s"}` : `${n(visible)} of ${n(total)} events by then`}
        </p>
      </div>

      <label htmlFor={`${id}-slider`} className="visually-hidden">
        Moment in this history
      </label>
      <input
        id={`${id}-slider`}
        className={styles.slider}
        type="range"
        min={0}
        max={nowIndex}
        step={1}
        value={index}
        aria-valuetext={describe(index)}
        disabled={!client}
        onChange={(e) => {
          const i = Number(e.currentTarget.value);
          onAt(i >= nowIndex ? null : stops[i]!.at);
        }}
      />
      <div className={styles.sliderEnds} aria-hidden="true">
        <span>{client && stops[0] ? formatDay(stops[0].at) : ""}</span>
        <span>Now</span>
      </div>

      <div className={styles.scrubberControls}>
        <button type="button" className={styles.stepButton} disabled={!client || prev === null} onClick={() => onAt(prev)}>
          <span aria-hidden="true">‹</span> Previous<span className={styles.wideOnly}> event</span>
        </button>
        <button type="button" className={styles.stepButton} disabled={!client || at === null} onClick={() => onAt(next ?? null)}>
          Next<span className={styles.wideOnly}> event</span> <span aria-hidden="true">›</span>
        </button>
        <button type="button" className={styles.stepButton} disabled={!client || at === null} onClick={() => onAt(null)}>
          Now
        </button>
        <label className={styles.dateField}>
          <span className="visually-hidden">Go to date and time</span>
          <input
            type="datetime-local"
            disabled={!client}
            value={client ? toLocalInput(shownAt) : ""}
            onChange={(e) => {
              const ms = fromLocalInput(e.currentTarget.value);
              if (ms !== null) onAt(ms);
            }}
          />
        </label>
      </div>

      <fieldset className={styles.basis}>
        <legend className="visually-hidden">Show the history</legend>
        {BASES.map((b) => (
          <label key={b.value} className={styles.basisOption} title={b.hint}>
            <input
              type="radio"
              name={`${id}-basis`}
              value={b.value}
              checked={basis === b.value}
              disabled={!client}
              onChange={() => onBasis(b.value)}
            />
            <span>{b.label}</span>
          </label>
        ))}
      </fieldset>
      <p className={styles.basisHint}>{BASES.find((b) => b.value === basis)!.hint}.</p>
    </section>
  );
}
