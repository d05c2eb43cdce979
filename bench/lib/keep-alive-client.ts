import http from "node:http";
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";

/**
 * A sequential HTTP client for latency probes: one kept-alive socket, Node's http module. Node's
 * global fetch (undici) costs the client ~2 ms a call on this 2-core machine (the no-op route's
 * p50 3.7–4.9 ms through fetch against 1.5–2.4 ms through this, same server, 2026-12-02), CPU
 * taken from the server it measures; a browser's network stack is native and does not pay it.
 * Answers are decompressed as a browser would.
 */
export function keepAliveClient(baseUrl: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const request = (path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}) =>
    new Promise<{ status: number; body: Buffer }>((resolve, reject) => {
      const req = http.request(`${baseUrl}${path}`, { agent, method: opts.method ?? "GET", headers: opts.headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () => {
          const raw = Buffer.concat(chunks);
          const enc = res.headers["content-encoding"];
          const body = enc === "gzip" ? gunzipSync(raw) : enc === "br" ? brotliDecompressSync(raw) : enc === "deflate" ? inflateSync(raw) : raw;
          resolve({ status: res.statusCode ?? 0, body });
        });
      });
      req.on("error", reject);
      req.end(opts.body);
    });
  return { request, close: () => agent.destroy() };
}
