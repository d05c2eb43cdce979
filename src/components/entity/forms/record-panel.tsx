"use client";

import Link from "next/link";
import { useId, useState } from "react";
import { Button } from "~/components/ui/button";
import { formatInstant } from "../format";
import styles from "../forms.module.css";
import { useIsClient } from "../use-moment";
import { type Appended, EventForm } from "./event-form";
import { FORMS_FOR, type FormContext } from "./specs";

type Props = {
  ctx: FormContext;
  onAppended: (a: Appended) => void;
  /** The past moment the page shows, if it shows one: records are made now, so the panel waits. */
  past: { at: number; client: boolean } | null;
  onBackToNow: () => void;
};

/**
 * "Record something": one button per kind of event this entity takes; one form open at a time.
 * While the page shows a past moment the choices are disabled, with the way back to now: what is
 * recorded happens now, and would not show in the past being looked at (issue 13).
 */
export function RecordPanel({ ctx, onAppended, past, onBackToNow }: Props) {
  const id = useId();
  const specs = FORMS_FOR[ctx.type];
  const client = useIsClient(); // until hydrated, a click would do nothing: the choices wait
  const [open, setOpen] = useState<string | null>(null);
  const [created, setCreated] = useState<Appended | null>(null);
  const spec = past ? null : (specs.find((s) => s.key === open) ?? null);

  return (
    <section className={styles.panel} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className={styles.panelTitle}>
        Record something
      </h2>
      {past ? (
        <p className={styles.pastNote} data-testid="record-past">
          You are looking at {past.client ? formatInstant(past.at) : "a past moment"}. What you record is added now.{" "}
          <Button size="sm" onClick={onBackToNow}>
            Back to now
          </Button>
        </p>
      ) : null}
      <div className={styles.choices}>
        {specs.map((s) => (
          <button
            key={s.key}
            type="button"
            className={styles.choice}
            aria-expanded={spec?.key === s.key}
            aria-controls={`${id}-form`}
            disabled={!client || past !== null}
            onClick={() => {
              setOpen(open === s.key ? null : s.key);
              setCreated(null);
            }}
          >
            {s.title}
          </button>
        ))}
      </div>
      <div id={`${id}-form`}>
        {spec ? (
          <EventForm
            key={spec.key}
            spec={spec}
            ctx={ctx}
            onCancel={() => setOpen(null)}
            onDone={(a) => {
              setOpen(null);
              setCreated(a.spec.newEntity ? a : null);
              onAppended(a);
            }}
          />
        ) : null}
      </div>
      {created ? (
        <p className={styles.created}>
          {created.spec.done}{" "}
          <Link href={`/entities/${created.entity.type}/${created.entity.id}`}>Open the follow-up</Link>
        </p>
      ) : null}
    </section>
  );
}
