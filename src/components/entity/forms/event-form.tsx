"use client";

import { useMutation } from "@tanstack/react-query";
import { isTRPCClientError } from "@trpc/client";
import { useEffect, useRef, useState } from "react";
import { v7 as uuidv7 } from "uuid";
import { type EntityType, systemEventInput } from "~/domain/events";
import type { AppRouter } from "~/server/trpc/root";
import { Button } from "~/components/ui/button";
import { useTRPC } from "~/trpc/react";
import styles from "../forms.module.css";
import { Field } from "./field";
import { FORM, type FieldErrors, type Issue, toFieldErrors } from "./issues";
import { type FormContext, type FormSpec, type Values, WHEN, compact, instantOf } from "./specs";

export type Appended = { spec: FormSpec; entity: { type: EntityType; id: string } };

type Props = { spec: FormSpec; ctx: FormContext; onDone: (a: Appended) => void; onCancel: () => void };

/**
 * One form that appends one event. The event is built exactly as the API takes it and checked
 * with the catalog's own schema first; the server's issues land on the same fields.
 */
export function EventForm({ spec, ctx, onDone, onCancel }: Props) {
  const trpc = useTRPC();
  const append = useMutation(trpc.events.append.mutationOptions());
  const fields = [...spec.fields, WHEN];
  const fieldOfPath = Object.fromEntries(fields.map((f) => [f.path, f.name]));
  const [values, setValues] = useState<Values>(() => (ctx.currency ? { currency: ctx.currency } : { currency: "EUR" }));
  const [errors, setErrors] = useState<FieldErrors>({});
  // Kept across a retry after a network failure, so a resend is idempotent (same id, same content).
  const attempt = useRef<{ id: string; entityId: string; now: string } | null>(null);
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>("[aria-invalid='true'], [data-form-error]")?.focus();
  }, [errors]);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    attempt.current ??= {
      id: uuidv7(),
      entityId: spec.newEntity ? uuidv7() : ctx.id,
      now: new Date().toISOString(),
    };
    const a = attempt.current;
    const event = {
      id: a.id,
      event_type: spec.eventType,
      occurred_at: instantOf(values.when ?? "") ?? a.now,
      primary_entity: { type: spec.newEntity ?? ctx.type, id: a.entityId },
      payload: compact(spec.payload(values, ctx)),
    };
    const parsed = systemEventInput.safeParse(event);
    if (!parsed.success) {
      attempt.current = null;
      setErrors(toFieldErrors(parsed.error.issues as Issue[], fieldOfPath, values));
      return;
    }
    setErrors({});
    try {
      await append.mutateAsync(parsed.data);
      attempt.current = null;
      onDone({ spec, entity: parsed.data.primary_entity });
    } catch (err) {
      const issues = isTRPCClientError<AppRouter>(err) ? err.data?.issues : null;
      if (issues?.length) {
        attempt.current = null;
        setErrors(toFieldErrors(issues, fieldOfPath, values));
      } else if (isTRPCClientError<AppRouter>(err) && err.data?.code) {
        setErrors({ [FORM]: err.message });
      } else {
        setErrors({ [FORM]: "It couldn’t be saved: the connection may be down. Try again in a moment." });
      }
    }
  }

  const set = (name: string) => (value: string) => setValues((v) => ({ ...v, [name]: value }));

  return (
    <form ref={formRef} className={styles.form} noValidate onSubmit={submit} aria-label={spec.title}>
      {errors[FORM] ? (
        <p className={styles.formError} role="alert" tabIndex={-1} data-form-error>
          {errors[FORM]}
        </p>
      ) : null}
      <div className={styles.fields} data-kind={spec.key}>
        {fields.map((f) => (
          <Field key={f.name} spec={f} value={values[f.name] ?? ""} error={errors[f.name]} onChange={set(f.name)} />
        ))}
      </div>
      <div className={styles.actions}>
        <Button type="submit" variant="primary" disabled={append.isPending}>
          {append.isPending ? "Saving…" : spec.submit}
        </Button>
        <Button variant="quiet" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
