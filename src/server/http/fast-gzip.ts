import type { IncomingMessage, ServerResponse } from "node:http";
import { promisify } from "node:util";
import { gzip } from "node:zlib";

const gzipAsync = promisify(gzip);

/** Below this, an answer goes out as it is (Next's own threshold: 1 KiB). */
const MIN_BYTES = 1024;

/**
 * JSON answers compressed by gzip at level 1 (nginx's default) instead of Next's compression at
 * zlib's level 6. For a 1,000-event entities.asOf answer (460 KB of JSON) level 6 took 7.6 ms of
 * CPU and level 1 3.8 ms, for a body 12% larger: on two cores shared with Postgres, the CPU is the
 * scarcer. What is not JSON (SSE, streams) or is already encoded, or asks for no transform, or
 * comes from a client without gzip, passes through untouched; Next then sees "already encoded".
 */
export function gzipJsonAnswers(req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== "GET" || !acceptsGzip(req.headers["accept-encoding"])) return;
  const write = res.write;
  const end = res.end;
  const endWith = (body: Buffer, cb?: () => void) => (end as (b: Buffer, cb?: () => void) => ServerResponse).call(res, body, cb);
  const chunks: Buffer[] = [];
  let buffer: boolean | null = null;
  // Decided at the first byte, when the handler has set its headers.
  const buffering = () => {
    if (buffer === null) {
      buffer = isJson(res.getHeader("content-type")) && !res.getHeader("content-encoding") && !noTransform(res.getHeader("cache-control"));
      if (!buffer) {
        res.write = write;
        res.end = end;
      }
    }
    return buffer;
  };
  res.write = function (this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
    if (!buffering()) return (write as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
    chunks.push(toBuffer(chunk, typeof rest[0] === "string" ? (rest[0] as BufferEncoding) : undefined));
    const cb = rest.find((r) => typeof r === "function") as (() => void) | undefined;
    cb?.();
    return true;
  } as ServerResponse["write"];
  res.end = function (this: ServerResponse, chunk?: unknown, ...rest: unknown[]) {
    if (typeof chunk === "function") return res.end(undefined, chunk as () => void);
    if (!buffering()) return (end as (...a: unknown[]) => ServerResponse).call(this, chunk, ...rest);
    if (chunk != null) chunks.push(toBuffer(chunk, typeof rest[0] === "string" ? (rest[0] as BufferEncoding) : undefined));
    const cb = rest.find((r) => typeof r === "function") as (() => void) | undefined;
    const body = Buffer.concat(chunks);
    res.write = write;
    res.end = end;
    if (body.length < MIN_BYTES) {
      endWith(body, cb);
      return res;
    }
    gzipAsync(body, { level: 1 }).then(
      (zipped) => {
        if (res.destroyed) return;
        res.setHeader("content-encoding", "gzip");
        res.setHeader("content-length", zipped.length);
        appendVary(res);
        endWith(zipped, cb);
      },
      () => endWith(body, cb), // never expected: the answer still goes out, as it is
    );
    return res;
  } as ServerResponse["end"];
}

/** Whether Accept-Encoding names gzip with a weight above 0 ("gzip;q=0" refuses it). */
export function acceptsGzip(header: string | undefined): boolean {
  return (header ?? "").split(",").some((part) => {
    const [name, ...params] = part.split(";").map((s) => s.trim().toLowerCase());
    if (name !== "gzip") return false;
    const q = params.find((p) => p.startsWith("q="));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

const isJson = (type: unknown) => typeof type === "string" && /^application\/json\b/i.test(type);
const noTransform = (cacheControl: unknown) => typeof cacheControl === "string" && /(?:^|,)\s*no-transform\s*(?:,|$)/i.test(cacheControl);
const toBuffer = (chunk: unknown, encoding?: BufferEncoding) =>
  Buffer.isBuffer(chunk) ? chunk : chunk instanceof Uint8Array ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength) : Buffer.from(String(chunk), encoding);

function appendVary(res: ServerResponse) {
  const vary = res.getHeader("vary");
  const list = Array.isArray(vary) ? vary.join(", ") : vary === undefined ? "" : String(vary);
  if (!/(?:^|,)\s*(?:accept-encoding|\*)\s*(?:,|$)/i.test(list)) res.setHeader("vary", list ? `${list}, Accept-Encoding` : "Accept-Encoding");
}
