import type { IncomingMessage, ServerResponse } from "node:http";

/** The answer's words for a body over the limit: the limit itself, and what to do instead. */
export function bodyTooLargeMessage(limitBytes: number): string {
  const mib = (limitBytes / 1024 / 1024).toLocaleString("en-US", { maximumFractionDigits: 2 });
  return `the request body is larger than ${mib} MiB (MAX_BODY_BYTES); send big imports as several smaller batches`;
}

/**
 * Reads a request body of at most `limit` bytes as text, or answers 413 and returns null. The
 * excess is never buffered, nor drained: a declared Content-Length over the limit is refused
 * before the first body byte, a chunked body at the chunk that crosses the limit; the connection
 * is then closed (after at most a few MiB read and dropped, see refuse()). Four concurrent 60 MB
 * batches used to take the server from 129 MB to 1.17 GB of memory.
 */
export function readBodyWithin(req: IncomingMessage, res: ServerResponse, limit: number, shape: TooLargeShape = trpcTooLarge): Promise<string | null> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) {
    refuse(req, res, limit, shape);
    return Promise.resolve(null);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      cleanup();
      chunks.length = 0;
      req.resume(); // flowing with no listener: what still arrives is dropped, until the close below
      refuse(req, res, limit, shape);
      resolve(null);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size).toString("utf8"));
    };
    const onError = (e: Error) => {
      cleanup();
      reject(e);
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
  });
}

/** The 413's JSON body around its message: tRPC's error shape by default, the REST API's for /api/v1. */
export type TooLargeShape = (message: string) => unknown;
const trpcTooLarge: TooLargeShape = (message) => ({ error: { message, code: -32013, data: { code: "PAYLOAD_TOO_LARGE", httpStatus: 413, issues: null } } });

/**
 * After a 413, how long the connection stays open for the client to read the answer, and how much
 * more of the body is taken in (and dropped) meanwhile; past that the socket is paused, so the
 * client's writes stall in its own buffers while its reads go on.
 */
const LINGER_MS = 2000;
const LINGER_BYTES = 4 * 1024 * 1024;

/**
 * 413 in the caller's error shape, then the connection is closed so that the rest is never read. The
 * close lingers briefly: closing a socket with unread input makes the kernel send a reset, and a
 * reset makes the client's kernel drop the 413 it had not read yet (the client would see
 * "connection reset" instead of the reason). So: our side is shut (FIN), at most LINGER_BYTES more
 * are read and dropped, then reading pauses, and after LINGER_MS the socket is destroyed (what
 * nginx's lingering_close and Go's net/http do). It used to close as soon as LINGER_BYTES were
 * dropped; CI once saw a client (four uploads at once on two cores) get no 413 at all, and that
 * early reset is the suspected cause (not reproduced here).
 */
function refuse(req: IncomingMessage, res: ServerResponse, limit: number, shape: TooLargeShape): void {
  const body = JSON.stringify(shape(bodyTooLargeMessage(limit)));
  const socket = req.socket as (IncomingMessage["socket"] & { destroySoon?: () => void }) | null;
  // Node's server closes a Connection: close socket with destroySoon() once the answer is written.
  if (socket) socket.destroySoon = () => lingerThenClose(socket);
  res.statusCode = 413;
  res.setHeader("content-type", "application/json");
  res.setHeader("content-length", Buffer.byteLength(body));
  res.setHeader("connection", "close");
  res.setHeader("cache-control", "no-store");
  res.end(body);
}

function lingerThenClose(socket: NonNullable<IncomingMessage["socket"]>): void {
  let dropped = 0;
  const close = () => {
    clearTimeout(timer);
    socket.off("data", onData);
    socket.destroy();
  };
  const onData = (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > LINGER_BYTES) socket.pause(); // TCP's window closes: the client stalls, we buffer nothing
  };
  const timer = setTimeout(close, LINGER_MS);
  timer.unref();
  socket.on("data", onData);
  socket.once("close", () => clearTimeout(timer));
  socket.end(); // FIN after the answer: the client reads a 413, then sees the end
  socket.resume();
}
