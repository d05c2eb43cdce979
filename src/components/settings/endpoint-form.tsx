"use client";

import { useId, useState } from "react";
import { EVENT_TYPES } from "~/domain/events";
import { LOOP_CHANGES, type LoopChange } from "~/domain/webhooks/topics";
import { Button } from "~/components/ui/button";
import { EVENT_WORDS } from "~/components/words/events";
import { LOOP_CHANGE_WORDS } from "~/components/words/settings";
import { issuesByField } from "./field-issues";
import styles from "./settings.module.css";

export type EndpointFormValues = { url: string; description: string; event_types: string[] | null; loop_changes: LoopChange[] };

/**
 * An endpoint's URL, description and what it receives: every event type (also ones added later)
 * or a chosen few, and the loop notifications it wants. Field errors come from the server, beside
 * their fields (the URL's SSRF and https checks are the server's).
 */
export function EndpointForm({ initial, submitLabel, onSubmit, onCancel }: {
  initial: EndpointFormValues;
  submitLabel: string;
  onSubmit: (v: EndpointFormValues) => Promise<unknown>;
  onCancel?: () => void;
}) {
  const id = useId();
  const [v, setV] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const all = v.event_types === null;
  const toggle = <T extends string>(list: T[], item: T) => (list.includes(item) ? list.filter((x) => x !== item) : [...list, item]);
  return (
    <form
      className={styles.form}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        onSubmit(v)
          .then(() => setErrors({}))
          .catch((err: unknown) => setErrors({ form: "Not saved: see the fields below.", ...issuesByField(err) }))
          .finally(() => setBusy(false));
      }}
    >
      {errors.form ? <p className={styles.error} role="alert">{errors.form}</p> : null}
      <div className={styles.field}>
        <label htmlFor={`${id}-url`}>Endpoint URL</label>
        <input
          id={`${id}-url`}
          type="url"
          required
          value={v.url}
          placeholder="https://hooks.example.com/calm"
          aria-invalid={errors.url ? true : undefined}
          aria-describedby={`${id}-url-hint${errors.url ? ` ${id}-url-error` : ""}`}
          onChange={(e) => setV({ ...v, url: e.target.value })}
        />
        <span id={`${id}-url-hint`} className={styles.hint}>
          An https address that can be reached from the internet.
        </span>
        {errors.url ? <p id={`${id}-url-error`} className={styles.error}>{errors.url}</p> : null}
      </div>
      <div className={styles.field}>
        <label htmlFor={`${id}-description`}>Description (optional)</label>
        <input id={`${id}-description`} type="text" value={v.description} maxLength={500} onChange={(e) => setV({ ...v, description: e.target.value })} />
        {errors.description ? <p className={styles.error}>{errors.description}</p> : null}
      </div>
      <fieldset className={styles.fieldset}>
        <legend className={styles.legend}>Events it receives</legend>
        <label className={styles.check}>
          <input type="radio" name={`${id}-which`} checked={all} onChange={() => setV({ ...v, event_types: null })} />
          Every event, also kinds added later
        </label>
        <label className={styles.check}>
          <input type="radio" name={`${id}-which`} checked={!all} onChange={() => setV({ ...v, event_types: v.event_types ?? [] })} />
          Only these:
        </label>
        {!all ? (
          <div className={styles.checks}>
            {EVENT_TYPES.map((t) => (
              <label key={t} className={styles.check}>
                <input type="checkbox" checked={v.event_types!.includes(t)} onChange={() => setV({ ...v, event_types: toggle(v.event_types!, t) })} />
                {EVENT_WORDS[t]}
              </label>
            ))}
          </div>
        ) : null}
        {errors.event_types ? <p className={styles.error}>{errors.event_types}</p> : null}
      </fieldset>
      <fieldset className={styles.fieldset}>
        <legend className={styles.legend}>Loop notifications it receives</legend>
        <div className={styles.checks}>
          {LOOP_CHANGES.map((c) => (
            <label key={c} className={styles.check}>
              <input type="checkbox" checked={v.loop_changes.includes(c)} onChange={() => setV({ ...v, loop_changes: toggle(v.loop_changes, c) })} />
              {LOOP_CHANGE_WORDS[c]}
            </label>
          ))}
        </div>
      </fieldset>
      <div className={styles.row}>
        <Button type="submit" variant="primary" disabled={busy}>
          {submitLabel}
        </Button>
        {onCancel ? (
          <Button variant="quiet" onClick={onCancel}>
            Cancel
          </Button>
        ) : null}
      </div>
    </form>
  );
}
