"use client";

import { useId, useState } from "react";
import { latestSnoozeUntil } from "~/domain/events";
import { Button } from "~/components/ui/button";
import { formatDateTimeText, parseDateTimeText } from "~/components/ui/date-time-text";
import { Dialog } from "~/components/ui/dialog";
import styles from "~/components/ui/reason-dialog.module.css";

type Props = { open: boolean; description?: string; onClose: () => void; onConfirm: (until: Date) => void };

/** "Pick a date…": snooze until a moment typed in the app's own format, up to a year ahead. */
export function SnoozeDialog({ open, description, onClose, onConfirm }: Props) {
  return (
    <Dialog open={open} onClose={onClose} title="Snooze until…" description={description}>
      {open ? <SnoozeForm onClose={onClose} onConfirm={onConfirm} /> : null}
    </Dialog>
  );
}

function SnoozeForm({ onClose, onConfirm }: Pick<Props, "onClose" | "onConfirm">) {
  const id = useId();
  const [text, setText] = useState(() => {
    const d = new Date();
    return formatDateTimeText(new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1, 9).getTime());
  });
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className={styles.form}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const ms = parseDateTimeText(text);
        const now = Date.now();
        const problem =
          ms === null ? "Type a date and time such as 2 Dec 2026, 09:00." : ms <= now ? "Pick a moment later than now." : ms > latestSnoozeUntil(now) ? "Pick a moment at most a year ahead." : null;
        setError(problem);
        if (problem === null) onConfirm(new Date(ms!));
      }}
    >
      <label htmlFor={id} className={styles.label}>
        Until
      </label>
      <input
        id={id}
        className={styles.field}
        type="text"
        autoComplete="off"
        spellCheck={false}
        autoFocus
        value={text}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
        onChange={(e) => setText(e.currentTarget.value)}
      />
      <p id={`${id}-hint`} className={styles.note}>
        A date and time, such as {formatDateTimeText(Date.now() + 7 * 86_400_000)}; at most a year ahead. It comes back by itself then.
      </p>
      {error ? (
        <p id={`${id}-error`} className={styles.error} role="alert">
          {error}
        </p>
      ) : null}
      <div className={styles.actions}>
        <Button variant="quiet" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" variant="primary">
          Snooze
        </Button>
      </div>
    </form>
  );
}
