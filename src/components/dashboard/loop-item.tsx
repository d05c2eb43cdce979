"use client";

import Link from "next/link";
import { useId } from "react";
import { Button } from "~/components/ui/button";
import { formatExact } from "~/components/ui/relative-time-format";
import { suggestedActionWords } from "~/components/words/loops";
import { dueWords, loopTitle } from "./loop-words";
import type { LoopView } from "./types";
import styles from "./dashboard.module.css";

type Props = { loop: LoopView; now: Date; onResolve: (id: string) => void; onDismiss: (id: string) => void };

/** One open loop: what it is about, when it is due, the suggested step, and the two ways to close it. */
export function LoopItem({ loop, now, onResolve, onDismiss }: Props) {
  const titleId = useId();
  const title = loopTitle(loop, now);
  return (
    <li>
      <article className={styles.loop} tabIndex={-1} data-loop-id={loop.id} data-severity={loop.severity} aria-labelledby={titleId}>
        <span className={styles.marker} aria-hidden="true" />
        <div className={styles.body}>
          <h3 id={titleId} className={styles.loopTitle}>
            <Link href={`/entities/${loop.entity_type}/${loop.entity_id}`}>{title}</Link>
          </h3>
          <p className={styles.meta}>
            <time dateTime={loop.due_at} title={formatExact(new Date(loop.due_at))}>
              {dueWords(loop.due_at, now)}
            </time>
            <span aria-hidden="true"> · </span>
            <span>Next step: {suggestedActionWords(loop.suggested_action)}</span>
          </p>
        </div>
        <div className={styles.actions}>
          <Button size="sm" onClick={() => onResolve(loop.id)} aria-describedby={titleId}>
            Resolve
          </Button>
          <Button size="sm" variant="quiet" onClick={() => onDismiss(loop.id)} aria-describedby={titleId}>
            Dismiss
          </Button>
        </div>
      </article>
    </li>
  );
}
