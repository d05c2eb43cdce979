import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export type Message = { id: string; raw: string; body: { type: string; timestamp: string; data: Record<string, unknown> }; headers: IncomingHttpHeaders };

/**
 * A local receiver of Standard Webhooks messages for tests: it records each POST as sent (the raw
 * body, for verification with the `standardwebhooks` package as a real receiver would) and answers
 * with the status `respond` says, or never ("hang").
 */
export async function startStandardReceiver(respond: (m: Message, nth: number) => number | "hang" = () => 204) {
  const received: Message[] = [];
  let handler = respond;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const m: Message = { id: String(req.headers["webhook-id"]), raw, body: JSON.parse(raw) as Message["body"], headers: req.headers };
      received.push(m);
      const answer = handler(m, received.filter((r) => r.id === m.id).length);
      if (answer === "hang") return;
      res.writeHead(answer, { "content-type": "application/json" }).end(answer < 300 ? "" : '{"error":"nope"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/calm`,
    port,
    received,
    setRespond: (r: typeof respond) => void (handler = r),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The headers `standardwebhooks`' verify takes, from Node's (lower-cased) header object. */
export const verifyHeaders = (h: IncomingHttpHeaders): Record<string, string> => ({
  "webhook-id": String(h["webhook-id"]),
  "webhook-timestamp": String(h["webhook-timestamp"]),
  "webhook-signature": String(h["webhook-signature"]),
});
