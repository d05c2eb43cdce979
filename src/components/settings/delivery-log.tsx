"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useId } from "react";
import { Button } from "~/components/ui/button";
import { RelativeTime } from "~/components/ui/relative-time";
import { useToast } from "~/components/ui/toast";
import { DELIVERY_STATUS_WORDS, settingsErrorWords } from "~/components/words/settings";
import { useNextPage } from "~/components/ui/use-next-page";
import { useTRPC } from "~/trpc/react";
import styles from "./settings.module.css";

/** An endpoint's recent attempts, newest first, each message redeliverable (typically one given up on). */
export function DeliveryLog({ endpointId }: { endpointId: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const toast = useToast();
  const id = useId();
  const log = useInfiniteQuery(
    trpc.webhooks.deliveries.infiniteQueryOptions({ id: endpointId, limit: 50 }, { getNextPageParam: (p) => p.nextCursor ?? undefined, refetchInterval: 10_000 }),
  );
  const next = useNextPage(log);
  const redeliver = useMutation(
    trpc.webhooks.redeliver.mutationOptions({
      onSuccess: (out) => {
        const a = out.attempt;
        toast(a?.ok ? `Sent again: delivered (HTTP ${a.statusCode}).` : a ? `Sent again: not delivered (${a.error}). It will be retried.` : "Queued: it goes after an earlier message of the same record.", a && !a.ok ? "error" : "info");
        void qc.invalidateQueries(trpc.webhooks.pathFilter());
      },
      onError: (err) => toast(settingsErrorWords(err, "send it again"), "error"),
    }),
  );
  const items = log.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section className={styles.section} aria-labelledby={`${id}-log`}>
      <h2 id={`${id}-log`}>Delivery log</h2>
      <p>Each attempt, newest first (the last 1,000, for 7 days at most). A message given up on can be sent again.</p>
      {items.length === 0 ? (
        <p className={styles.muted}>{log.isLoading ? "Loading…" : "No attempts yet."}</p>
      ) : (
        <div className={styles.tableWrap}>
          <table className={styles.table}>
            <caption className="visually-hidden">Delivery attempts</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Message</th>
                <th scope="col">Attempt</th>
                <th scope="col">Answer</th>
                <th scope="col">Now</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((a) => (
                <tr key={a.id}>
                  <td>
                    <RelativeTime iso={a.at} />
                  </td>
                  <td>
                    {a.type}
                    <br />
                    <span className={styles.mono}>{a.message_id}</span>
                  </td>
                  <td>{a.attempt}</td>
                  <td>
                    {a.ok ? `HTTP ${a.status_code}` : (a.error ?? "failed")} · {a.latency_ms} ms
                  </td>
                  <td>
                    <span className={styles.badge} data-tone={a.delivery_status === "delivered" ? "ok" : a.delivery_status === "dead" ? "bad" : undefined}>
                      {DELIVERY_STATUS_WORDS[a.delivery_status]}
                    </span>
                  </td>
                  <td>
                    <Button size="sm" variant="quiet" onClick={() => redeliver.mutate({ id: endpointId, deliveryId: a.delivery_id })} disabled={redeliver.isPending}>
                      Send again
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {log.hasNextPage ? (
        <Button size="sm" onClick={next.more} disabled={next.loading}>
          Show older attempts
        </Button>
      ) : null}
    </section>
  );
}
