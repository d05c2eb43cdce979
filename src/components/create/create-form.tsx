"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { isTRPCClientError } from "@trpc/client";
import { useEffect, useRef, useState } from "react";
import { v7 as uuidv7 } from "uuid";
import { systemEventInput, type EntityType } from "~/domain/events";
import type { AppRouter } from "~/server/trpc/root";
import { Field } from "~/components/entity/forms/field";
import { FORM, type FieldErrors, type Issue, toFieldErrors } from "~/components/entity/forms/issues";
import type { Values } from "~/components/entity/forms/specs";
import { Button } from "~/components/ui/button";
import { useTRPC } from "~/trpc/react";
import formStyles from "~/components/entity/forms.module.css";
import { EntityPicker } from "./entity-picker";
import { type CreateSpec, type Draft, type Ids, NEW_CLIENT_FIELDS, type Pick } from "./specs";
import styles from "./create.module.css";

type Props = { spec: CreateSpec; initialPick?: Pick; onDone: (created: { type: EntityType; id: string }) => void; onCancel: () => void };

/** A draft's issues (paths within the event) on the fields of the form; the rest at the top. */
function draftErrors(drafts: Draft[], issuesOf: (i: number) => readonly Issue[], values: Values): FieldErrors {
  const errors: FieldErrors = {};
  drafts.forEach((d, i) => {
    for (const [field, message] of Object.entries(toFieldErrors(issuesOf(i), d.fieldOfPath, values))) errors[field] ??= message;
  });
  return errors;
}

/**
 * A form that creates a record from anywhere (the New menu): the events are built exactly as the
 * API takes them, with ids made here, and checked with the catalog's own schema first; two events
 * (a new client and the lead for them) are appended as one atomic batch. The server's issues land
 * on the same fields.
 */
export function CreateForm({ spec, initialPick, onDone, onCancel }: Props) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const appendOne = useMutation(trpc.events.append.mutationOptions());
  const appendMany = useMutation(trpc.events.appendBatch.mutationOptions());
  const [values, setValues] = useState<Values>({ currency: "EUR" });
  const [pick, setPick] = useState<Pick>(initialPick ?? { mode: "none" });
  const [errors, setErrors] = useState<FieldErrors>({});
  // Kept across a retry after a network failure, so a resend is idempotent (same ids, same content).
  const attempt = useRef<{ ids: Ids; now: string; eventIds: string[] } | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const saving = appendOne.isPending || appendMany.isPending;

  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>("[aria-invalid='true'], [data-form-error]")?.focus();
  }, [errors]);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (saving) return;
    attempt.current ??= { ids: { main: uuidv7(), client: uuidv7() }, now: new Date().toISOString(), eventIds: [] };
    const { ids, now, eventIds } = attempt.current;
    const drafts = spec.drafts(values, pick, ids, now);
    const events = drafts.map(({ fieldOfPath: _, ...event }, i) => ({ id: (eventIds[i] ??= uuidv7()), ...event }));

    const parsed = events.map((ev) => systemEventInput.safeParse(ev));
    if (parsed.some((p) => !p.success)) {
      attempt.current = null;
      setErrors(draftErrors(drafts, (i) => (parsed[i]!.success ? [] : (parsed[i]!.error!.issues as Issue[])), values));
      return;
    }
    setErrors({});
    const checked = parsed.map((p) => p.data!);
    try {
      if (checked.length === 1) await appendOne.mutateAsync(checked[0]!);
      else await appendMany.mutateAsync({ events: checked });
      attempt.current = null;
      void qc.invalidateQueries(trpc.entities.pathFilter());
      void qc.invalidateQueries(trpc.loops.pathFilter());
      onDone(drafts.at(-1)!.primary_entity);
    } catch (err) {
      const issues = isTRPCClientError<AppRouter>(err) ? err.data?.issues : null;
      if (issues?.length) {
        attempt.current = null;
        // A batch names its events: "events.1.payload.name" belongs to the second draft.
        const byDraft = (i: number) =>
          checked.length === 1
            ? issues
            : issues.filter((x) => x.path[0] === "events" && Number(x.path[1]) === i).map((x) => ({ ...x, path: x.path.slice(2) }));
        setErrors(draftErrors(drafts, byDraft, values));
      } else if (isTRPCClientError<AppRouter>(err) && err.data?.code) {
        setErrors({ [FORM]: err.message });
      } else {
        setErrors({ [FORM]: "It couldn’t be saved: the connection may be down. Try again in a moment." });
      }
    }
  }

  const set = (name: string) => (value: string) => setValues((v) => ({ ...v, [name]: value }));
  const field = (f: CreateSpec["fields"][number]) => <Field key={f.name} spec={f} value={values[f.name] ?? ""} error={errors[f.name]} onChange={set(f.name)} />;

  return (
    <form ref={formRef} className={styles.form} noValidate onSubmit={submit} aria-label={spec.title}>
      {errors[FORM] ? (
        <p className={formStyles.formError} role="alert" tabIndex={-1} data-form-error>
          {errors[FORM]}
        </p>
      ) : null}
      <div className={formStyles.fields}>{spec.fields.map(field)}</div>
      {spec.picker ? (
        <EntityPicker spec={spec.picker} pick={pick} onPick={setPick}>
          {pick.mode === "new" ? <div className={formStyles.fields}>{NEW_CLIENT_FIELDS.map(field)}</div> : null}
        </EntityPicker>
      ) : null}
      <div className={formStyles.actions}>
        <Button type="submit" variant="primary" disabled={saving}>
          {saving ? "Saving…" : spec.submit}
        </Button>
        <Button variant="quiet" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
