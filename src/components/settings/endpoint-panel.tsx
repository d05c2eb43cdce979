"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import type { LoopChange } from "~/domain/webhooks/topics";
import type { WebhookEndpointItem } from "~/server/webhooks/endpoint-item";
import { Button } from "~/components/ui/button";
import { Dialog } from "~/components/ui/dialog";
import { RelativeTime } from "~/components/ui/relative-time";
import { useToast } from "~/components/ui/toast";
import { settingsErrorWords } from "~/components/words/settings";
import { useTRPC } from "~/trpc/react";
import { DeliveryLog } from "./delivery-log";
import { EndpointForm } from "./endpoint-form";
import { ShownOnce } from "./shown-once";
import { describeTopics } from "./topics-words";
import styles from "./settings.module.css";

/** One endpoint: what it receives, on/off, a test message, its secret's rotation, deletion, and its delivery log. */
export function EndpointPanel({ initial }: { initial: WebhookEndpointItem }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const toast = useToast();
  const router = useRouter();
  const id = useId();
  const q = useQuery({ ...trpc.webhooks.get.queryOptions({ id: initial.id }), initialData: initial });
  const e = q.data ?? initial;
  const [editing, setEditing] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [overlap, setOverlap] = useState("24");
  const [confirmDelete, setConfirmDelete] = useState(false);
  const refresh = () => void qc.invalidateQueries(trpc.webhooks.pathFilter());
  const fail = (doing: string) => (err: unknown) => toast(settingsErrorWords(err, doing), "error");

  const update = useMutation(trpc.webhooks.update.mutationOptions({ onSuccess: refresh }));
  const test = useMutation(
    trpc.webhooks.test.mutationOptions({
      onSuccess: (out) => {
        const a = out.attempt;
        toast(a?.ok ? `Test message delivered (HTTP ${a.statusCode}, ${a.latencyMs} ms).` : `Test message not delivered: ${a?.error ?? "it waits its turn"}. It will be retried.`, a?.ok ? "info" : "error");
        refresh();
      },
      onError: fail("send a test message"),
    }),
  );
  const rotate = useMutation(
    trpc.webhooks.rotateSecret.mutationOptions({
      onSuccess: (out) => {
        setSecret(out.secret);
        refresh();
      },
      onError: fail("rotate the secret"),
    }),
  );
  const remove = useMutation(
    trpc.webhooks.delete.mutationOptions({
      onSuccess: () => {
        refresh();
        router.push("/settings/automations");
      },
      onError: fail("delete the endpoint"),
    }),
  );

  return (
    <>
      <section className={styles.section} aria-labelledby={`${id}-about`}>
        <div className={styles.spread}>
          <h2 id={`${id}-about`}>{e.description || "Endpoint"}</h2>
          <span className={styles.badge} data-tone={e.enabled ? "ok" : undefined}>
            {e.enabled ? "On" : "Off"}
          </span>
        </div>
        <p className={styles.mono}>{e.url}</p>
        <p>
          {describeTopics(e)} · {e.pending} waiting · {e.dead} given up · added <RelativeTime iso={e.created_at} />
          {e.created_by ? ` by ${e.created_by.name}` : ""}
        </p>
        {editing ? (
          <EndpointForm
            initial={{ url: e.url, description: e.description, event_types: e.event_types, loop_changes: e.loop_changes as LoopChange[] }}
            submitLabel="Save"
            onSubmit={(v) => update.mutateAsync({ id: e.id, ...v }).then(() => setEditing(false))}
            onCancel={() => setEditing(false)}
          />
        ) : (
          <div className={styles.row}>
            <Button size="sm" onClick={() => setEditing(true)}>
              Edit
            </Button>
            <Button size="sm" onClick={() => update.mutate({ id: e.id, enabled: !e.enabled }, { onError: fail(e.enabled ? "turn it off" : "turn it on") })}>
              {e.enabled ? "Turn off" : "Turn on"}
            </Button>
            <Button size="sm" onClick={() => test.mutate({ id: e.id })} disabled={test.isPending}>
              Send a test event
            </Button>
            <Button size="sm" variant="quiet" onClick={() => setConfirmDelete(true)}>
              Delete
            </Button>
          </div>
        )}
      </section>

      <section className={styles.section} aria-labelledby={`${id}-secret`}>
        <h2 id={`${id}-secret`}>Signing secret</h2>
        <p>
          Each message is signed with it (webhook-signature). A new secret can overlap with the old one: both sign every message meanwhile,
          so your receiver can switch without missing one.
          {e.previous_secret_expires_at ? (
            <>
              {" "}The previous secret signs too until <RelativeTime iso={e.previous_secret_expires_at} />.
            </>
          ) : null}
        </p>
        {secret ? <ShownOnce label="New signing secret" value={secret} /> : null}
        <form
          className={styles.row}
          onSubmit={(ev) => {
            ev.preventDefault();
            rotate.mutate({ id: e.id, overlapHours: Number(overlap) });
          }}
        >
          <div className={styles.field}>
            <label htmlFor={`${id}-overlap`}>Old secret keeps signing for (hours)</label>
            <input id={`${id}-overlap`} type="number" min={0} max={168} step={1} value={overlap} onChange={(ev) => setOverlap(ev.target.value)} />
          </div>
          <Button type="submit" disabled={rotate.isPending}>
            Rotate secret
          </Button>
        </form>
      </section>

      <DeliveryLog endpointId={e.id} />

      <Dialog open={confirmDelete} onClose={() => setConfirmDelete(false)} title="Delete this endpoint?" description="Its waiting messages and its delivery log go with it.">
        <div className={styles.row}>
          <Button variant="primary" onClick={() => remove.mutate({ id: e.id })} disabled={remove.isPending}>
            Delete endpoint
          </Button>
          <Button variant="quiet" onClick={() => setConfirmDelete(false)}>
            Keep it
          </Button>
        </div>
      </Dialog>
    </>
  );
}
