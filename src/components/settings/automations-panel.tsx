"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import type { WebhookEndpointItem } from "~/server/webhooks/endpoint-item";
import { Button } from "~/components/ui/button";
import { RelativeTime } from "~/components/ui/relative-time";
import { useTRPC } from "~/trpc/react";
import { EndpointForm } from "./endpoint-form";
import { ShownOnce } from "./shown-once";
import { describeTopics } from "./topics-words";
import styles from "./settings.module.css";

/** Settings → Automations: the org's webhook endpoints, and a new one. */
export function AutomationsPanel({ initial }: { initial: WebhookEndpointItem[] }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const list = useQuery({ ...trpc.webhooks.list.queryOptions(), initialData: { items: initial } });
  const [adding, setAdding] = useState(false);
  const [made, setMade] = useState<{ id: string; secret: string } | null>(null);
  const create = useMutation(
    trpc.webhooks.create.mutationOptions({
      onSuccess: (out) => {
        setMade({ id: out.endpoint.id, secret: out.secret });
        setAdding(false);
        void qc.invalidateQueries(trpc.webhooks.pathFilter());
      },
    }),
  );
  const items = list.data?.items ?? [];
  return (
    <>
      <section className={styles.section} aria-labelledby="endpoints">
        <div className={styles.spread}>
          <h2 id="endpoints">Webhook endpoints</h2>
          {!adding ? (
            <Button variant="primary" size="sm" onClick={() => setAdding(true)}>
              Add endpoint
            </Button>
          ) : null}
        </div>
        <p>
          Calm POSTs each event of your organisation to these URLs as it happens, signed the Standard Webhooks way, retried for about an
          hour when the receiver fails. <Link href="/docs/api#webhooks">How to verify a signature</Link>.
        </p>
        {made ? (
          <ShownOnce label="Signing secret" value={made.secret} note="Your receiver needs it to verify each message." />
        ) : null}
        {adding ? (
          <EndpointForm
            initial={{ url: "", description: "", event_types: null, loop_changes: [] }}
            submitLabel="Add endpoint"
            onSubmit={(v) => create.mutateAsync(v)}
            onCancel={() => setAdding(false)}
          />
        ) : null}
        {items.length === 0 && !adding ? <p className={styles.muted}>No endpoints yet.</p> : null}
        <ul className={styles.list}>
          {items.map((e) => (
            <li key={e.id} className={styles.item}>
              <div className={styles.spread}>
                <Link href={`/settings/automations/${e.id}`} className={styles.itemTitle}>
                  {e.description || e.url}
                </Link>
                <span className={styles.badge} data-tone={e.enabled ? "ok" : undefined}>
                  {e.enabled ? "On" : "Off"}
                </span>
              </div>
              {e.description ? <p className={`${styles.meta} ${styles.mono}`}>{e.url}</p> : null}
              <p className={styles.meta}>
                {describeTopics(e)} · {e.pending} waiting · {e.dead} given up
                {e.last_attempt ? (
                  <>
                    {" "}· last attempt <RelativeTime iso={e.last_attempt.at} />: {e.last_attempt.ok ? "delivered" : (e.last_attempt.error ?? "failed")}
                  </>
                ) : null}
              </p>
            </li>
          ))}
        </ul>
      </section>
      <section className={styles.section} aria-labelledby="firehose">
        <h2 id="firehose">The operator&apos;s firehose</h2>
        <p>
          Separately, whoever runs this installation may send every organisation&apos;s events to one n8n webhook (N8N_WEBHOOK_URL): that is
          theirs, not one of these endpoints.
        </p>
      </section>
    </>
  );
}
