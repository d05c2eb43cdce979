"use client";

import { useId, useState } from "react";
import type { TimeBasis } from "~/domain/time-travel";
import { parseDateTimeText } from "~/components/ui/date-time-text";
import { formatDay, formatInstant } from "./format";
import { type Moment, type Stop, countAt, momentAtIndex, nextStop, previousStop, sliderModel } from "./moments";
import styles from "./timeline.module.css";
import { useIsClient } from "./use-moment";
import { eventWords } from "~/components/words/events";

type Props = {
  stops: Stop[];
  eventTypes: string[];
  total: number;
  moment: Moment;
  nowMs: number;
  onAt: (at: number | null, how?: "step" | "drag") => void;
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
  const slider = sliderModel(stops, at);
  const shownAt = at ?? nowMs;
  const visible = at === null ? countAt(stops, nowMs) : countAt(stops, at);

  const describe = (i: number): string => {
    if (i >= slider.max) return "Now";
    if (slider.before && i === 0) {
      const what = basis === "recorded" ? "before anything about it was recorded" : "before anything happened";
      return `${client ? formatInstant(shownAt) : ""} · ${what}`;
    }
    const k = slider.before ? i - 1 : i;
    const stop = stops[k]!;
    const what = eventWords(eventTypes[stop.firstIndex] ?? "");
    const more = stop.count > 1 ? ` and ${stop.count - 1} more` : "";
    return `${client ? formatInstant(stop.at) : ""} · ${what}${more} (moment ${n(k + 1)} of ${n(stops.length)})`;
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
        max={slider.max}
        step={1}
        value={slider.index}
        aria-valuetext={describe(slider.index)}
        disabled={!client}
        onChange={(e) => onAt(momentAtIndex(stops, slider, Number(e.currentTarget.value), at), "drag")}
      />
      <div className={styles.sliderEnds} aria-hidden="true">
        <span data-testid="slider-start">{client && slider.startAt !== null ? formatDay(slider.startAt) : ""}</span>
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
        <MomentField shownAt={shownAt} client={client} onAt={onAt} />
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

/**
 * "Go to date and time", typed in the app's own format ("24 Nov 2026, 15:11"): a native
 * datetime-local field would show the browser's locale instead (issue 13). It goes there on
 * Enter or when the field is left; until then it may hold anything.
 */
function MomentField({ shownAt, client, onAt }: { shownAt: number; client: boolean; onAt: (at: number | null) => void }) {
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const [bad, setBad] = useState(false);
  const commit = () => {
    if (draft === null) return;
    const ms = parseDateTimeText(draft);
    setBad(ms === null);
    if (ms === null) return;
    setDraft(null);
    onAt(ms);
  };
  return (
    <div className={styles.dateField}>
      <label htmlFor={id} className="visually-hidden">
        Go to date and time
      </label>
      <input
        id={id}
        type="text"
        autoComplete="off"
        spellCheck={false}
        disabled={!client}
        value={draft ?? (client ? formatInstant(shownAt) : "")}
        aria-invalid={bad || undefined}
        aria-describedby={bad ? `${id}-error` : undefined}
        onChange={(e) => {
          setDraft(e.currentTarget.value);
          setBad(false);
        }}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === "Enter") commit();
          else if (e.key === "Escape" && draft !== null) {
            e.preventDefault();
            setDraft(null);
            setBad(false);
          }
        }}
      />
      {bad ? (
        <p id={`${id}-error`} className={styles.dateError} role="alert">
          Type a date and time such as {formatInstant(shownAt)}.
        </p>
      ) : null}
    </div>
  );
}
