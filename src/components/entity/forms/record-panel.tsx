"use client";

import Link from "next/link";
import { useId, useState } from "react";
import styles from "../forms.module.css";
import { useIsClient } from "../use-moment";
import { type Appended, EventForm } from "./event-form";
import { FORMS_FOR, type FormContext } from "./specs";

type Props = { ctx: FormContext; onAppended: (a: Appended) => void };

/** "Record something": one button per kind of event this entity takes; one form open at a time. */
export function RecordPanel({ ctx, onAppended }: Props) {
  const id = useId();
  const specs = FORMS_FOR[ctx.type];
  const client = useIsClient(); // until hydrated, a click would do nothing: the choices wait
  const [open, setOpen] = useState<string | null>(null);
  const [created, setCreated] = useState<Appended | null>(null);
  const spec = specs.find((s) => s.key === open) ?? null;

  return (
    <section className={styles.panel} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className={styles.panelTitle}>
        Record something
      </h2>
      <div className={styles.choices}>
        {specs.map((s) => (
          <button
            key={s.key}
            type="button"
            className={styles.choice}
            aria-expanded={open === s.key}
            aria-controls={`${id}-form`}
            disabled={!client}
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
