"use client";

import Link from "next/link";
import { useId } from "react";
import { Button } from "~/components/ui/button";
import { MenuButton } from "~/components/ui/menu";
import { formatExact } from "~/components/ui/relative-time-format";
import { suggestedActionWords } from "~/components/words/loops";
import { type Moment, momentSearch } from "~/components/entity/moments";
import { dueWords, loopTitle } from "./loop-words";
import { snoozeChoices, snoozeWhenWords } from "./snooze-choices";
import type { LoopView } from "./types";
import styles from "./dashboard.module.css";

export type LoopHandlers = {
  onResolve: (id: string) => void;
  onDismiss: (id: string) => void;
  /** A quick choice's moment, or null: "Pick a date…". */
  onSnooze: (id: string, until: Date | null) => void;
  /** Ends a snooze now (loops.reopen). */
  onWake: (id: string) => void;
};

type Props = (LoopHandlers & { readOnly?: undefined }) | (Partial<LoopHandlers> & { readOnly: { moment: Moment } });

/**
 * One open loop: what it is about, when it is due, the suggested step, and the ways to close or
 * put it off. At a past moment (`readOnly`) it has no actions, and its link opens the entity at
 * that same moment.
 */
export function LoopItem({ loop, now, readOnly, onResolve, onDismiss, onSnooze, onWake }: Props & { loop: LoopView; now: Date }) {
  const titleId = useId();
  const href = `/entities/${loop.entity_type}/${loop.entity_id}${readOnly ? momentSearch(readOnly.moment) : ""}`;
  const title = loopTitle(loop, now);
  const until = loop.snoozed_until;
  const snoozed = until !== null && Date.parse(until) > now.getTime();
  return (
    <li>
      <article className={styles.loop} tabIndex={-1} data-loop-id={loop.id} data-severity={loop.severity} data-snoozed={snoozed || undefined} aria-labelledby={titleId}>
        <span className={styles.marker} aria-hidden="true" />
        <div className={styles.body}>
          <h3 id={titleId} className={styles.loopTitle}>
            <Link href={href}>{title}</Link>
          </h3>
          <p className={styles.meta}>
            <time dateTime={loop.due_at} title={formatExact(new Date(loop.due_at))}>
              {dueWords(loop.due_at, now)}
            </time>
            {/* Whom it is for, unless the title names them already (a lead named after its client). */}
            {loop.client_name && loop.client_name !== loop.entity_name ? (
              <>
                <span aria-hidden="true"> · </span>
                <span>for {loop.client_name}</span>
              </>
            ) : null}
            <span aria-hidden="true"> · </span>
            {snoozed ? (
              <span>
                Snoozed until <time dateTime={until!}>{snoozeWhenWords(new Date(until!), now)}</time>
              </span>
            ) : (
              <span>Next step: {suggestedActionWords(loop.suggested_action)}</span>
            )}
          </p>
        </div>
        {readOnly ? null : (
        <div className={styles.actions}>
          <Button size="sm" onClick={() => onResolve(loop.id)} aria-describedby={titleId}>
            Resolve
          </Button>
          {snoozed ? (
            <Button size="sm" variant="quiet" onClick={() => onWake(loop.id)} aria-describedby={titleId}>
              Wake now
            </Button>
          ) : (
            <MenuButton
              label="Snooze"
              describedBy={titleId}
              buttonClassName={styles.snoozeButton}
              align="end"
              items={[
                ...snoozeChoices(now).map((c) => ({ key: c.key, label: c.label, detail: snoozeWhenWords(c.until, now), onSelect: () => onSnooze(loop.id, c.until) })),
                { key: "pick", label: "Pick a date…", onSelect: () => onSnooze(loop.id, null) },
              ]}
            />
          )}
          <Button size="sm" variant="quiet" onClick={() => onDismiss(loop.id)} aria-describedby={titleId}>
            Dismiss
          </Button>
        </div>
        )}
      </article>
    </li>
  );
}
