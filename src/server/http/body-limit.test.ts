import http from "node:http";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readBodyWithin } from "./body-limit";

// The body reader behind /api/trpc, on a plain Node server (the production server's answer and
// memory are tested in tests/e2e/body-limit.spec.ts).

const LIMIT = 64 * 1024;
let server: http.Server;
let port: number;
const received: (string | null)[] = [];

beforeAll(async () => {
  server = http.createServer(async (req, res) => {
    const body = await readBodyWithin(req, res, LIMIT);
    received.push(body);
    if (body !== null) res.end(JSON.stringify({ length: body.length }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as net.AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/**
 * Sends the head, then `bytes` of body in 16 KiB chunks while reading (after `readAfterMs`, like a
 * client busy elsewhere); resolves with the answer once the server closes or answers in full.
 */
function send(head: string, bytes: number, chunked: boolean, readAfterMs = 0): Promise<{ answer: string; sent: number }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    if (readAfterMs > 0) {
      socket.pause();
      setTimeout(() => socket.resume(), readAfterMs);
    }
    let answer = "";
    let sent = 0;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      socket.destroy();
      resolve({ answer, sent });
    };
    socket.on("data", (b) => {
      answer += b.toString();
      if (/\r\n\r\n\{.*\}$/s.test(answer)) finish();
    });
    socket.on("error", () => undefined);
    socket.on("close", finish);
    socket.write(head);
    const chunk = Buffer.alloc(16 * 1024, "a");
    const pump = () => {
      while (!done && sent < bytes) {
        const ok = socket.write(chunked ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n")]) : chunk);
        sent += chunk.length;
        if (!ok) return void socket.once("drain", pump);
      }
      if (!done && chunked) socket.write("0\r\n\r\n");
    };
    pump();
  });
}

const head = (extra: string) => `POST / HTTP/1.1\r\nHost: x\r\n${extra}\r\n`;

describe("readBodyWithin", () => {
  it("hands over a body within the limit as text", async () => {
    const { answer } = await send(head(`Content-Length: ${LIMIT}\r\n`), LIMIT, false);
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
    expect(answer).toContain(`{"length":${LIMIT}}`);
  });

  it("answers 413 to a Content-Length over the limit before reading the body, and the client gets the answer", async () => {
    const { answer } = await send(head(`Content-Length: ${100 * 1024 * 1024}\r\n`), 0, false);
    expect(answer).toMatch(/^HTTP\/1\.1 413/);
    expect(answer).toMatch(/connection: close/i);
    expect(answer).toContain('"code":"PAYLOAD_TOO_LARGE"');
    expect(received.at(-1)).toBeNull();
  });

  it("answers 413 to a chunked body at the limit, and closes instead of reading the rest", async () => {
    const { answer, sent } = await send(head("Transfer-Encoding: chunked\r\n"), 64 * 1024 * 1024, true);
    expect(answer).toMatch(/^HTTP\/1\.1 413/);
    expect(sent).toBeLessThan(32 * 1024 * 1024); // refused and closed long before the 64 MiB were through
  });

  it("a client that keeps sending and reads late still gets its 413, not a reset", async () => {
    // A client busy elsewhere while it sends: it must still find the 413 when it reads. (This passes on
    // the earlier close-after-4-MiB code too, on this machine; it guards the behaviour, it does not
    // reproduce the CI failure that motivated the pause.)
    const { answer, sent } = await send(head(`Content-Length: ${200 * 1024 * 1024}\r\n`), 200 * 1024 * 1024, false, 500);
    expect(answer).toMatch(/^HTTP\/1\.1 413/);
    expect(sent).toBeLessThan(32 * 1024 * 1024); // the server paused reading: the client stalled, it did not drain 200 MiB
  });
});
