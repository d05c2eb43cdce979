import { once } from "node:events";
import { type IncomingMessage, type Server, type ServerResponse, createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acceptsGzip, gzipJsonAnswers } from "./fast-gzip";

const big = JSON.stringify({ items: Array.from({ length: 2000 }, (_, i) => ({ i, text: `event ${i}` })) });

/** Routes as a handler would answer, each after gzipJsonAnswers took the response. */
const routes: Record<string, (res: ServerResponse) => void> = {
  "/json": (res) => {
    res.setHeader("content-type", "application/json");
    res.write(Buffer.from(big.slice(0, 1000)));
    res.end(big.slice(1000));
  },
  "/small": (res) => {
    res.setHeader("content-type", "application/json");
    res.end('{"ok":true}');
  },
  "/no-transform": (res) => {
    res.setHeader("content-type", "application/json");
    res.setHeader("cache-control", "no-store, no-transform");
    res.end(big);
  },
  // A stream must go out as it is written, not when it ends.
  "/sse": (res) => {
    res.setHeader("content-type", "text/event-stream");
    res.write("data: first\n\n");
    setTimeout(() => res.end("data: last\n\n"), 300);
  },
};

let server: Server;
let port: number;
beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    gzipJsonAnswers(req, res);
    routes[req.url ?? ""]!(res);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  port = (server.address() as AddressInfo).port;
});
afterAll(() => server.close());

type Answer = { headers: IncomingMessage["headers"]; body: Buffer; firstChunkMs: number; totalMs: number };
function get(path: string, acceptEncoding?: string, method = "GET"): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const req = request({ port, path, method, headers: acceptEncoding ? { "accept-encoding": acceptEncoding } : {} }, (res) => {
      const chunks: Buffer[] = [];
      let firstChunkMs = -1;
      res.on("data", (c: Buffer) => {
        if (firstChunkMs < 0) firstChunkMs = Date.now() - t0;
        chunks.push(c);
      });
      res.on("end", () => resolve({ headers: res.headers, body: Buffer.concat(chunks), firstChunkMs, totalMs: Date.now() - t0 }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("gzipJsonAnswers", () => {
  it("gzips a JSON answer written in several chunks, with its length and Vary", async () => {
    const a = await get("/json", "gzip, deflate, br");
    expect(a.headers["content-encoding"]).toBe("gzip");
    expect(a.headers.vary).toMatch(/accept-encoding/i);
    expect(Number(a.headers["content-length"])).toBe(a.body.length);
    expect(a.body.length).toBeLessThan(big.length / 4);
    expect(gunzipSync(a.body).toString()).toBe(big);
  });

  it("leaves alone a client without gzip, one refusing it, a small answer and one that asks for no transform", async () => {
    for (const [path, enc] of [["/json", undefined], ["/json", "gzip;q=0, identity"], ["/small", "gzip"], ["/no-transform", "gzip"]] as const) {
      const a = await get(path, enc);
      expect(a.headers["content-encoding"], `${path} ${enc}`).toBeUndefined();
      expect(a.body.toString(), `${path} ${enc}`).toBe(path === "/small" ? '{"ok":true}' : big);
    }
  });

  it("lets a stream out as it is written", async () => {
    const a = await get("/sse", "gzip");
    expect(a.headers["content-encoding"]).toBeUndefined();
    expect(a.body.toString()).toBe("data: first\n\ndata: last\n\n");
    // The first event arrived before the stream ended (300 ms later), not with it.
    expect(a.firstChunkMs).toBeLessThan(a.totalMs - 100);
  });

  it("reads Accept-Encoding's weights", () => {
    expect(acceptsGzip("gzip")).toBe(true);
    expect(acceptsGzip("br, GZIP;q=0.5")).toBe(true);
    expect(acceptsGzip("gzip;q=0")).toBe(false);
    expect(acceptsGzip("gzip;q=0.000")).toBe(false);
    expect(acceptsGzip("x-gzip, deflate")).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
  });
});
