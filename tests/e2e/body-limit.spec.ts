import { readFileSync } from "node:fs";
import net from "node:net";
import { expect, test } from "./fixtures";
import { createDemoApiKey } from "./helpers/api-key";

// Issue 8, finding 3: request bodies to /api/trpc are bounded (MAX_BODY_BYTES, 8 MiB by default):
// 413 past it, and the excess is neither read nor buffered. Four concurrent ~60 MB batches used to
// take the server from 129 MB to 1.17 GB.

const MiB = 1024 * 1024;
const LIMIT = 8 * MiB;
const target = () => new URL(process.env.PLAYWRIGHT_TEST_BASE_URL!);

/** The server's resident memory, in bytes (Linux). */
function serverRss(): number {
  const status = readFileSync(`/proc/${process.env.E2E_SERVER_PID}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

type Outcome = { head: string; body: string; sent: number; closedEarly: boolean };

/**
 * POSTs to /api/trpc over a raw socket: the headers, then `bodyBytes` of a JSON string in chunks
 * (chunked encoding unless `contentLength` is given; `sendBody: false` sends headers only).
 * Resolves once the server has answered and closed, with how much of the body it took.
 */
function post(opts: { contentLength?: number; bodyBytes: number; sendBody?: boolean }): Promise<Outcome> {
  const { hostname, port } = target();
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    let answer = "";
    let sent = 0;
    let closed = false;
    socket.on("data", (b) => (answer += b.toString("latin1")));
    socket.on("error", () => undefined); // EPIPE/ECONNRESET once the server closes on us: expected
    socket.on("close", () => {
      closed = true;
      const [head = "", body = ""] = answer.split("\r\n\r\n");
      resolve({ head, body, sent, closedEarly: sent < opts.bodyBytes });
    });
    const chunked = opts.contentLength === undefined;
    socket.write(
      `POST /api/trpc/events.appendBatch HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/json\r\n` +
        (chunked ? "Transfer-Encoding: chunked\r\n" : `Content-Length: ${opts.contentLength}\r\n`) +
        "\r\n",
    );
    if (opts.sendBody === false) return;
    const chunk = Buffer.alloc(256 * 1024, "a");
    const pump = () => {
      while (!closed && sent < opts.bodyBytes) {
        const ok = socket.write(chunked ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n")]) : chunk);
        sent += chunk.length;
        if (!ok) return void socket.once("drain", pump);
      }
      if (!closed && chunked) socket.write("0\r\n\r\n");
    };
    socket.write(chunked ? `1\r\n{\r\n` : "{");
    pump();
    setTimeout(() => reject(new Error("no answer")), 60_000).unref();
  });
}

test("a declared Content-Length over the limit is a 413 before a single body byte is sent", async () => {
  const out = await post({ contentLength: 100 * MiB, bodyBytes: 100 * MiB, sendBody: false });
  expect(out.head).toMatch(/^HTTP\/1\.1 413/);
  const body = JSON.parse(out.body) as { error: { message: string; data: { code: string; httpStatus: number } } };
  expect(body.error.data).toMatchObject({ code: "PAYLOAD_TOO_LARGE", httpStatus: 413 });
  expect(body.error.message).toMatch(/larger than 8 MiB \(MAX_BODY_BYTES\).*smaller batches/);
});

test("a chunked body is refused at the limit, and the server stops reading instead of draining it", async () => {
  const out = await post({ bodyBytes: 200 * MiB });
  expect(out.head).toMatch(/^HTTP\/1\.1 413/);
  expect(out.closedEarly).toBe(true);
  // The server closed the connection long before the 200 MiB were through (socket buffers hold a few MiB).
  expect(out.sent).toBeLessThan(LIMIT + 32 * MiB);
});

test("four concurrent 60 MB bodies leave the server's memory bounded", async () => {
  const before = serverRss();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, serverRss())), 20);
  try {
    const outs = await Promise.all([
      post({ bodyBytes: 60 * MiB }),
      post({ bodyBytes: 60 * MiB }),
      post({ contentLength: 60 * MiB, bodyBytes: 60 * MiB }),
      post({ contentLength: 60 * MiB, bodyBytes: 60 * MiB }),
    ]);
    for (const out of outs) expect(out.head).toMatch(/^HTTP\/1\.1 413/);
  } finally {
    clearInterval(sampler);
  }
  // At most four bodies of 8 MiB in flight, and their copies: far from the 1 GB it used to take.
  expect(peak - before).toBeLessThan(160 * MiB);
});

test("a big batch under the limit is still accepted", async ({ request }) => {
  const { key } = await createDemoApiKey();
  const deal = { id: crypto.randomUUID(), type: "deal" };
  const events = Array.from({ length: 100 }, (_, i) => ({
    id: crypto.randomUUID(), event_type: "note_added", occurred_at: new Date().toISOString(), actor: { id: crypto.randomUUID(), type: "system" },
    primary_entity: deal, payload: { text: `note ${i}`, attachment: "x".repeat(60 * 1024) },
  }));
  const res = await request.post("/api/trpc/events.appendBatch", { data: { events }, headers: { authorization: `Bearer ${key}` } });
  expect(res.status(), await res.text()).toBe(200);
  expect(((await res.json()) as { result: { data: { appended: number } } }).result.data.appended).toBe(100);
});
