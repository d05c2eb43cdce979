"use client";

import { useState } from "react";
import type { Loop } from "~/domain/loops";
import styles from "./entity.module.css";
import type { EventRef } from "./overview";
import { formatInstant, formatShortDay } from "./format";
import { eventWords } from "~/components/words/events";
import { LOOP_WORDS, STATUS_WORDS, suggestedActionSentence } from "~/components/words/loops";

const COMMANDS = new Set(["loop_dismissed", "loop_resolved", "followup_dismissed"]);

type Props = { loops: Loop[]; refs: Record<string, EventRef>; client: boolean };

const byRelevance = (a: Loop, b: Loop) =>
  a.status === "active" && b.status !== "active" ? -1
  : b.status === "active" && a.status !== "active" ? 1
  : a.status === "active" ? a.due_at.localeCompare(b.due_at)
  : (b.closed_at ?? "").localeCompare(a.closed_at ?? "");

/** "opened by Quote sent on 3 Nov, resolved by Quote accepted on 9 Nov": why the loop is what it is. */
function provenance(loop: Loop, refs: Props["refs"], client: boolean): string {
  const day = (iso: string) => (client ? formatShortDay(Date.parse(iso)) : "…");
  const opener = refs[loop.opened_by_event_id];
  const opened =
    loop.type === "invoice_overdue"
      ? `Opened when the invoice fell due on ${day(loop.opened_at)}`
      : `Opened by “${opener ? eventWords(opener.event_type) : "an event"}” on ${day(loop.opened_at)}`;
  const reopener = loop.reopened_by_event_id ? refs[loop.reopened_by_event_id] : undefined;
  const reopened = reopener ? `, reopened on ${day(reopener.occurred_at)}` : "";
  if (loop.status === "active" || !loop.closed_by_event_id) return `${opened}${reopened}.`;
  const closer = refs[loop.closed_by_event_id];
  const closedOn = loop.closed_at ? ` on ${day(loop.closed_at)}` : "";
  // A dismissal or resolution by hand reads better without naming the command event.
  const byHand = !closer || COMMANDS.has(closer.event_type);
  return `${opened}, ${loop.status}${byHand ? "" : ` by “${eventWords(closer.event_type)}”`}${closedOn}.`;
}

function urgency(loop: Loop, client: boolean): { words: string; high: boolean } {
  if (loop.status !== "active") return { words: STATUS_WORDS[loop.status], high: false };
  const due = client ? formatInstant(Date.parse(loop.due_at)) : "…";
  if (loop.snoozed_until) return { words: `Snoozed until ${client ? formatInstant(Date.parse(loop.snoozed_until)) : "…"}`, high: false };
  if (loop.type === "invoice_overdue") return { words: `Overdue since ${due}`, high: true };
  return loop.severity === "high" ? { words: `Past due since ${due}`, high: true } : { words: `Due ${due}`, high: false };
}

/** Closed loops shown before "show all": long histories keep dozens, the recent ones tell the story. */
const RECENT_CLOSED = 3;

/** The entity's loops at the moment shown — open ones first, then the closed ones as history. */
export function LoopList({ loops, refs, client }: Props) {
  const [all, setAll] = useState(false);
  if (loops.length === 0) return <p className={styles.muted}>No open loops at this moment.</p>;
  const sorted = [...loops].sort(byRelevance);
  const open = sorted.filter((l) => l.status === "active").length;
  const hidden = all ? 0 : Math.max(0, sorted.length - open - RECENT_CLOSED);
  return (
    <>
      <ul className={styles.loops}>
        {sorted.slice(0, sorted.length - hidden).map((loop) => (
          <LoopItem key={loop.id} loop={loop} refs={refs} client={client} />
        ))}
      </ul>
      {hidden > 0 ? (
        <button type="button" className={styles.moreButton} onClick={() => setAll(true)}>
          Show {hidden} earlier closed loop{hidden === 1 ? "" : "s"}
        </button>
      ) : null}
    </>
  );
}

function LoopItem({ loop, refs, client }: { loop: Loop; refs: Props["refs"]; client: boolean }) {
  const u = urgency(loop, client);
  return (
    <li className={styles.loop} data-status={loop.status} data-loop-type={loop.type}>
      <div className={styles.loopHead}>
        <span className={styles.loopName}>{LOOP_WORDS[loop.type]}</span>
        <span className={styles.loopUrgency} data-high={u.high || undefined}>
          {u.high ? <span className={styles.marker} aria-hidden="true" /> : null}
          {u.words}
        </span>
      </div>
      {loop.status === "active" ? <p className={styles.loopAction}>Next: {suggestedActionSentence(loop.suggested_action)}</p> : null}
      <p className={styles.provenance}>{provenance(loop, refs, client)}</p>
      {loop.reason ? <p className={styles.closeWords}>Reason: {loop.reason}</p> : null}
      {loop.note ? <p className={styles.closeWords}>Note: {loop.note}</p> : null}
    </li>
  );
}
