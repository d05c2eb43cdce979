import { randomUUID } from "node:crypto";
import { loopId } from "../../../src/domain/loops";
import { keepAliveClient } from "../keep-alive-client";

/** Wall-clock milliseconds with sub-millisecond precision, comparable with a page's `performance.timeOrigin + now()`. */
export const wallNow = () => performance.timeOrigin + performance.now();

/**
 * Another client of the API: an automation with the org's API key, over HTTP. One kept-alive
 * socket of Node's http module: its fetch costs the client ~2 ms a call here (keep-alive-client.ts),
 * taken from the server being measured, and the poll runs back to back.
 */
export function apiClient(baseUrl: string, apiKey: string) {
  const headers = { authorization: `Bearer ${apiKey}`, "content-type": "application/json", "accept-encoding": "gzip, deflate, br" };
  const http = keepAliveClient(baseUrl);
  return {
    close: http.close,
    /**
     * Appends a new lead whose loop sorts first on the dashboard (due in the past, earlier than the
     * last); returns the id of the new_lead loop it opens.
     */
    async appendLead(sample: number): Promise<string> {
      const id = randomUUID();
      const res = await http.request("/api/trpc/events.append", {
        method: "POST",
        headers,
        body: JSON.stringify({
          id,
          event_type: "lead_created",
          occurred_at: new Date(Date.now() - 2 * 86_400_000 - sample * 60_000).toISOString(),
          actor: { id: "0190b000-0000-7000-8000-0000000000d1", type: "system" },
          primary_entity: { type: "deal", id: randomUUID() },
          payload: { name: `Live lead ${sample}` },
        }),
      });
      if (res.status !== 200) throw new Error(`append failed: ${res.status} ${res.body.toString()}`);
      return loopId(id, "new_lead");
    },
    /** Whether loops.list's first page holds the loop. */
    async listed(loop: string): Promise<boolean> {
      const input = encodeURIComponent(JSON.stringify({ limit: 5 }));
      const res = await http.request(`/api/trpc/loops.list?input=${input}`, { headers });
      if (res.status !== 200) throw new Error(`loops.list failed: ${res.status} ${res.body.toString()}`);
      const body = JSON.parse(res.body.toString()) as { result: { data: { items: { id: string }[] } } };
      return body.result.data.items.some((l) => l.id === loop);
    },
  };
}

export type ApiClient = ReturnType<typeof apiClient>;

/**
 * Append → the loop in loops.list over HTTP (polled back to back), `samples` times; milliseconds
 * each. `appender`: the client appending, when not the one listing (another instance).
 */
export async function appendToListed(api: ApiClient, samples: number, firstSample = 0, appender: ApiClient = api): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t0 = wallNow();
    const loop = await appender.appendLead(firstSample + i);
    while (!(await api.listed(loop))) {
      if (wallNow() - t0 > 30_000) throw new Error(`sample ${i}: loop not listed after 30 s`);
    }
    out.push(wallNow() - t0);
    await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
  }
  return out;
}
