import { memo } from "react";
import type { LoggedEvent } from "~/domain/events";
import type { LoopType } from "~/domain/loops";
import { LATE_AFTER_MS, formatInstant, formatSpan } from "./format";
import { PayloadFields } from "./payload-fields";
import styles from "./timeline.module.css";
import { eventWords } from "~/components/words/events";

export type RowContext = {
  loopTypes: Record<string, LoopType>;
  people: Record<string, string>;
  viewerId: string;
  currency: string | null;
  client: boolean;
};

function actorName(actor: LoggedEvent["actor"], ctx: RowContext): string {
  if (actor.type === "system") return "Automation";
  if (actor.type === "client") return "The client";
  if (actor.id === ctx.viewerId) return "You";
  return ctx.people[actor.id] ?? "A teammate";
}

/** One event: what, who, when it happened and when it was recorded (late arrivals flagged), and its fields. */
export const EventRow = memo(function EventRow({ event, dimmed, ctx }: { event: LoggedEvent; dimmed: boolean; ctx: RowContext }) {
  const occurred = Date.parse(event.occurred_at);
  const recorded = Date.parse(event.created_at);
  const lag = recorded - occurred;
  const when = (ms: number) => (ctx.client ? formatInstant(ms) : "…");
  return (
    <article className={styles.event} data-dimmed={dimmed || undefined} aria-label={eventWords(event.event_type)}>
      <div className={styles.eventHead}>
        <h3 className={styles.eventTitle}>
          {eventWords(event.event_type)}
          {dimmed ? <span className="visually-hidden"> (after the moment shown)</span> : null}
        </h3>
        <time className={styles.eventTime} dateTime={event.occurred_at}>
          {when(occurred)}
        </time>
      </div>
      <p className={styles.eventMeta}>
        <span>{actorName(event.actor, ctx)}</span>
        {Math.abs(lag) > LATE_AFTER_MS ? (
          <span className={styles.late}>
            <span className={styles.lateMarker} aria-hidden="true" />
            recorded {formatSpan(lag)} {lag > 0 ? "later" : "before it happened"},{" "}
            <time dateTime={event.created_at}>{when(recorded)}</time>
          </span>
        ) : (
          <span>
            recorded <time dateTime={event.created_at}>{when(recorded)}</time>
          </span>
        )}
      </p>
      <PayloadFields payload={event.payload as Record<string, unknown>} loopTypes={ctx.loopTypes} currency={ctx.currency} client={ctx.client} />
    </article>
  );
});
