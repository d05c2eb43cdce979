"use client";

import { useId, useState } from "react";
import { Button } from "./button";
import { Dialog } from "./dialog";
import styles from "./reason-dialog.module.css";

type Props = {
  open: boolean;
  title: string;
  /** What the action is about, e.g. the loop's text. */
  description?: string;
  label?: string;
  confirmLabel?: string;
  maxLength?: number;
  onConfirm: (reason: string | undefined) => void;
  onClose: () => void;
};

/** "Dismiss with an optional reason": a modal with one optional text field. */
export function ReasonDialog({
  open, title, description, label = "Reason (optional)", confirmLabel = "Dismiss", maxLength = 2000, onConfirm, onClose,
}: Props) {
  return (
    <Dialog open={open} onClose={onClose} title={title} description={description}>
      {/* Remounted on each opening, so the field starts empty. */}
      {open ? <ReasonForm label={label} confirmLabel={confirmLabel} maxLength={maxLength} onConfirm={onConfirm} onClose={onClose} /> : null}
    </Dialog>
  );
}

function ReasonForm({ label, confirmLabel, maxLength, onConfirm, onClose }: Required<Pick<Props, "label" | "confirmLabel" | "maxLength" | "onConfirm" | "onClose">>) {
  const [reason, setReason] = useState("");
  const fieldId = useId();
  const hintId = useId();
  return (
    <form
      className={styles.form}
      onSubmit={(e) => {
        e.preventDefault();
        onConfirm(reason.trim() || undefined);
      }}
    >
      <label htmlFor={fieldId} className={styles.label}>
        {label}
      </label>
      <textarea
        id={fieldId}
        className={styles.field}
        value={reason}
        maxLength={maxLength}
        rows={3}
        autoFocus
        aria-describedby={hintId}
        onChange={(e) => setReason(e.target.value)}
        onKeyDown={(e) => {
          // A reason is a line or two: Enter confirms, as in a chat box; Shift+Enter starts a new line.
          // An IME composing text uses Enter to pick a word: that Enter is not ours.
          if (e.key !== "Enter" || e.shiftKey || e.nativeEvent.isComposing) return;
          e.preventDefault();
          e.currentTarget.form?.requestSubmit();
        }}
      />
      <p id={hintId} className={styles.hint}>
        <kbd>Enter</kbd> to {confirmLabel.toLowerCase()} · <kbd>Shift</kbd>+<kbd>Enter</kbd> for a new line
      </p>
      <div className={styles.actions}>
        <Button variant="quiet" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" variant="primary">
          {confirmLabel}
        </Button>
      </div>
    </form>
  );
}
