"use client";

import { type ReactNode, useId, useState } from "react";
import type { TimeBasis } from "~/domain/time-travel";
import { parseDateTimeText } from "~/components/ui/date-time-text";
import { formatDay, formatInstant } from "./format";
import { type Moment, type SliderModel, type Stop, countAt, momentAtIndex, nextStop, previousStop, sliderModel } from "./moments";
import styles from "./timeline.module.css";
import { useIsClient } from "./use-moment";
import { eventWords } from "~/components/words/events";
import { type BasisWords, ENTITY_BASES } from "~/components/words/time";

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

/** Scrubs the entity's history: a slider over its event instants (plus now), a date field and steps. */
export function TimeScrubber({ stops, eventTypes, total, moment, nowMs, onAt, onBasis }: Props) {
  const client = useIsClient();
  const { at, basis } = moment;
  const shownAt = at ?? nowMs;
  const visible = at === null ? countAt(stops, nowMs) : countAt(stops, at);

  const describe = (i: number, slider: SliderModel): string => {
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

  return (
    <MomentScrubber
      stops={stops}
      moment={moment}
      nowMs={nowMs}
      onAt={onAt}
      onBasis={onBasis}
      sliderLabel="Moment in this history"
      stepNoun="event"
      describe={describe}
      count={visible === total ? `all ${n(total)} event${total === 1 ? "" : "s"}` : `${n(visible)} of ${n(total)} events by then`}
      bases={ENTITY_BASES}
    />
  );
}

type ScrubberProps = {
  stops: readonly Stop[];
  moment: Moment;
  nowMs: number;
  onAt: (at: number | null, how?: "step" | "drag") => void;
  onBasis: (basis: TimeBasis) => void;
  /** The slider's accessible name ("Moment in this history"). */
  sliderLabel: string;
  /** What one stop is, for the step buttons: "Previous event", "Next day". */
  stepNoun: string;
  /** The slider position in words (aria-valuetext). */
  describe: (index: number, slider: SliderModel) => string;
  /** A line beside the title: how much of the history the moment shows. */
  count?: ReactNode;
  bases: readonly BasisWords[];
  className?: string;
};

/**
 * The time-travel control of every page that has one (an entity's timeline, the dashboard): a
 * slider over the page's stops with "now" as its last position, previous/next steps, Now, a typed
 * date and time, and the two bases. The page decides what its stops are and how they read.
 */
export function MomentScrubber({ stops, moment, nowMs, onAt, onBasis, sliderLabel, stepNoun, describe, count, bases, className }: ScrubberProps) {
  const id = useId();
  const client = useIsClient();
  const { at, basis } = moment;
  const slider = sliderModel(stops, at);
  const shownAt = at ?? nowMs;
  const prev = previousStop(stops, shownAt);
  const next = at === null ? undefined : nextStop(stops, at);

  return (
    <section className={className ? `${styles.scrubber} ${className}` : styles.scrubber} aria-labelledby={`${id}-title`}>
      <div className={styles.scrubberHead}>
        <h2 id={`${id}-title`} className={styles.scrubberTitle} data-testid="moment-title">
          {at === null ? "Now" : client ? formatInstant(at) : "…"}
        </h2>
        {count !== undefined ? <p className={styles.scrubberCount}>{count}</p> : null}
      </div>

      <label htmlFor={`${id}-slider`} className="visually-hidden">
        {sliderLabel}
      </label>
      <input
        id={`${id}-slider`}
        className={styles.slider}
        type="range"
        min={0}
        max={slider.max}
        step={1}
        value={slider.index}
        aria-valuetext={describe(slider.index, slider)}
        disabled={!client}
        onChange={(e) => onAt(momentAtIndex(stops, slider, Number(e.currentTarget.value), at), "drag")}
      />
      <div className={styles.sliderEnds} aria-hidden="true">
        <span data-testid="slider-start">{client && slider.startAt !== null ? formatDay(slider.startAt) : ""}</span>
        <span>Now</span>
      </div>

      <div className={styles.scrubberControls}>
        <button type="button" className={styles.stepButton} disabled={!client || prev === null} onClick={() => onAt(prev)}>
          <span aria-hidden="true">‹</span> Previous<span className={styles.wideOnly}> {stepNoun}</span>
        </button>
        <button type="button" className={styles.stepButton} disabled={!client || at === null} onClick={() => onAt(next ?? null)}>
          Next<span className={styles.wideOnly}> {stepNoun}</span> <span aria-hidden="true">›</span>
        </button>
        <button type="button" className={styles.stepButton} disabled={!client || at === null} onClick={() => onAt(null)}>
          Now
        </button>
        <MomentField shownAt={shownAt} client={client} onAt={onAt} />
      </div>

      <BasisChoice basis={basis} bases={bases} onBasis={onBasis} />
    </section>
  );
}

/** The two clocks, as a pair of radio buttons with the chosen one's sentence under them. */
export function BasisChoice({ basis, bases, onBasis, legend = "Show the history" }: { basis: TimeBasis; bases: readonly BasisWords[]; onBasis: (basis: TimeBasis) => void; legend?: string }) {
  const id = useId();
  const client = useIsClient();
  const hint = bases.find((b) => b.value === basis)?.hint;
  return (
    <>
      <fieldset className={styles.basis}>
        <legend className="visually-hidden">{legend}</legend>
        {bases.map((b) => (
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
      {hint ? <p className={styles.basisHint}>{hint}.</p> : null}
    </>
  );
}

/**
 * "Go to date and time", typed in the app's own format ("24 Nov 2026, 15:11"): a native
 * datetime-local field would show the browser's locale instead (issue 13). It goes there on
 * Enter or when the field is left; until then it may hold anything.
 */
export function MomentField({
  shownAt,
  client,
  onAt,
  label = "Go to date and time",
}: {
  shownAt: number;
  client: boolean;
  onAt: (at: number | null) => void;
  label?: string;
}) {
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
        {label}
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
