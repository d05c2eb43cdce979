import { randomUUID } from "node:crypto";
import { expect, test } from "./fixtures";
import { signInAsDemo } from "./helpers/demo";

// /api/trpc's transport policy: queries are compressed for the browser; mutation answers are
// receipts, never cached and sent as they are (compressing them cost the server more than it saved).
test("queries come gzipped, mutation answers uncompressed and uncacheable", async ({ page }) => {
  await signInAsDemo(page);
  const gzip = { "accept-encoding": "gzip" };
  const list = await page.request.get(`/api/trpc/loops.list?input=${encodeURIComponent(JSON.stringify({ limit: 50 }))}`, { headers: gzip });
  expect(list.status()).toBe(200);
  expect(list.headers()["content-encoding"]).toBe("gzip");
  expect(((await list.json()) as { result: { data: { items: unknown[] } } }).result.data.items).toBeInstanceOf(Array);

  const client = { type: "client" as const, id: randomUUID() };
  const events = Array.from({ length: 10 }, (_, i) => ({
    id: randomUUID(), event_type: "note_added", occurred_at: new Date().toISOString(), primary_entity: client,
    payload: { text: `transport check ${i}: long enough that the answer is well over a kilobyte` },
  }));
  const batch = await page.request.post("/api/trpc/events.appendBatch", { data: { events }, headers: gzip });
  expect(batch.status()).toBe(200);
  expect((await batch.body()).length).toBeGreaterThan(2048);
  expect(batch.headers()["content-encoding"]).toBeUndefined();
  expect(batch.headers()["cache-control"]).toContain("no-store");
  expect(((await batch.json()) as { result: { data: { appended: number } } }).result.data.appended).toBe(10);
});
