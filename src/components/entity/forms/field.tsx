"use client";

import { useId } from "react";
import { formatDateText, formatDateTimeText, parseDateText, parseDateTimeText } from "~/components/ui/date-time-text";
import styles from "../forms.module.css";
import { sentence } from "./issues";
import type { FieldSpec } from "./specs";

type Props = {
  spec: FieldSpec;
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
};

/** A date typed in the app's format is tidied to it once the field is left ("24/11/2026 3pm" → "24 Nov 2026, 15:00"). */
function tidy(kind: FieldSpec["kind"], text: string): string {
  if (kind === "datetime") {
    const ms = parseDateTimeText(text);
    return ms === null ? text : formatDateTimeText(ms);
  }
  if (kind === "date") {
    const ms = parseDateText(text);
    return ms === null ? text : formatDateText(ms);
  }
  return text;
}

const PLACEHOLDER: Partial<Record<FieldSpec["kind"], string>> = { datetime: "24 Nov 2026, 15:00", date: "24 Nov 2026", money: "0.00" };
const INPUT_TYPE: Partial<Record<FieldSpec["kind"], string>> = { email: "email", tel: "tel" };
const AUTOCOMPLETE: Partial<Record<FieldSpec["kind"], string>> = { email: "off", tel: "off", money: "off", currency: "off", datetime: "off", date: "off" };

/** One labelled form field with its hint and its error, both tied to it for screen readers. */
export function Field({ spec, value, error, onChange }: Props) {
  const id = useId();
  const describedBy = [spec.hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  const common = {
    id,
    name: spec.name,
    value,
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => onChange(e.target.value),
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy,
    "aria-required": spec.required || undefined,
  };
  return (
    <div className={styles.field} data-field={spec.name} data-wide={spec.kind === "textarea" || undefined}>
      <label htmlFor={id}>{spec.label}</label>
      {spec.kind === "textarea" ? (
        <textarea {...common} rows={3} />
      ) : (
        <input
          {...common}
          type={INPUT_TYPE[spec.kind] ?? "text"}
          inputMode={spec.kind === "money" ? "decimal" : undefined}
          autoComplete={AUTOCOMPLETE[spec.kind]}
          spellCheck={spec.kind === "text" ? undefined : false}
          placeholder={PLACEHOLDER[spec.kind]}
          maxLength={spec.kind === "currency" ? 3 : undefined}
          className={spec.kind === "currency" ? styles.currency : undefined}
          onBlur={(e) => {
            const tidied = tidy(spec.kind, e.currentTarget.value);
            if (tidied !== e.currentTarget.value) onChange(tidied);
          }}
        />
      )}
      {spec.hint ? (
        <p id={`${id}-hint`} className={styles.hint}>
          {spec.hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className={styles.error}>
          {sentence(spec.label, error)}
        </p>
      ) : null}
    </div>
  );
}
