import type { SystemEventInput } from "../../src/domain/events";
import { forDuration, quantile } from "./stats";

export type BatchRun = { eventsPerSec: number; p50: number; p99: number; batches: number; events: number };

/**
 * tRPC `events.appendBatch` over HTTP: `concurrency` clients each sending batches of `size`
 * back to back for `seconds`. Wire format without a transformer: the body is the input itself.
 */
export async function batchLoad(opts: {
  baseUrl: string; apiKey: string; size: number; concurrency: number; seconds: number; next: () => SystemEventInput;
}): Promise<BatchRun> {
  const latencies: number[] = [];
  let events = 0;
  const elapsed = await forDuration(opts.seconds * 1000, opts.concurrency, async () => {
    const body = JSON.stringify({ events: Array.from({ length: opts.size }, opts.next) });
    const t = performance.now();
    const res = await fetch(`${opts.baseUrl}/api/trpc/events.appendBatch`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${opts.apiKey}` },
      body,
    });
    const json = (await res.json()) as { result?: { data?: { appended?: number } } };
    latencies.push(performance.now() - t);
    const appended = json.result?.data?.appended;
    if (!res.ok || appended !== opts.size) throw new Error(`appendBatch answered ${res.status}: ${JSON.stringify(json).slice(0, 500)}`);
    events += appended;
  });
  return { eventsPerSec: events / elapsed, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), batches: latencies.length, events };
}
