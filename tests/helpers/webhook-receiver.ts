import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { verifySignature } from "../../src/server/delivery/signature";

export type Received = { eventId: string; attempt: number; validSignature: boolean; body: Record<string, unknown>; headers: IncomingHttpHeaders };

/**
 * How to answer: a status (a 2xx carries the event-id echo `{"received": id}`, as the documented
 * n8n workflow answers), an exact `{ status, body }`, or "hang" to never answer (a timeout).
 */
export type Answer = number | "hang" | { status: number; body: string };
export type Respond = (r: Received, nthForEvent: number) => Answer;

/** A local HTTP receiver standing in for n8n's Webhook node; it verifies each signature as n8n would. */
export async function startReceiver(secret: string, respond: Respond = () => 200) {
  const received: Received[] = [];
  const perEvent = new Map<string, number>();
  let handler = respond;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const h = req.headers;
      const r: Received = {
        eventId: String(h["x-calm-event-id"]),
        attempt: Number(h["x-calm-delivery-attempt"]),
        validSignature: verifySignature(secret, String(h["x-calm-timestamp"]), raw, String(h["x-calm-signature"]), Math.floor(Date.now() / 1000)),
        body: JSON.parse(raw) as Record<string, unknown>,
        headers: h,
      };
      received.push(r);
      const nth = (perEvent.get(r.eventId) ?? 0) + 1;
      perEvent.set(r.eventId, nth);
      const answer = handler(r, nth);
      if (answer === "hang") return; // the socket is destroyed when the server closes
      const { status, body } =
        typeof answer === "number" ? { status: answer, body: JSON.stringify(answer < 300 ? { received: r.eventId } : { ok: false }) } : answer;
      res.writeHead(status, { "content-type": "application/json" }).end(body);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhook/calm-events`,
    received,
    setRespond: (r: Respond) => void (handler = r),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
