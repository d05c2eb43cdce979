import type { IncomingHttpHeaders } from "node:http";
import { createNextApiHandler } from "@trpc/server/adapters/next";
import { MAX_PAYLOAD_BYTES } from "~/domain/events";
import { createContext, type RequestHeaders } from "~/server/trpc/context";
import { appRouter } from "~/server/trpc/root";

/**
 * The tRPC endpoint, on the Pages Router's Node adapter rather than an App Router route handler:
 * the same router and wire format, but Node's request is not wrapped into a web Request and
 * streams first. Measured with bench:append on this 2-core machine, a no-op tRPC mutation went
 * from 1,077 to 1,459 requests/s (a no-op App Router route: 1,497), and single appends from ~780 to ~950.
 */
export const config = {
  // tRPC reads the body itself (bounded below); our batches may legitimately exceed Next's 4 MB
  // response warning threshold.
  api: { bodyParser: false, responseLimit: false, externalResolver: true },
};

/** A full appendBatch (1,000 events with the largest payloads) with room for JSON escaping. */
const MAX_BODY_BYTES = 1000 * (MAX_PAYLOAD_BYTES + 4096) * 2;

export default createNextApiHandler({
  router: appRouter,
  maxBodySize: MAX_BODY_BYTES,
  createContext: ({ req }) => createContext({ headers: nodeHeaders(req.headers) }),
  responseMeta({ type }) {
    // A mutation's answer is a receipt (or a batch's echo): never to be cached, and not worth the
    // server's CPU to compress (gzip cost ~6 ms of a 500-event appendBatch's ~38 ms here, on the
    // same two cores as Postgres). Queries (lists, timelines) are still compressed.
    return type === "mutation" ? { headers: { "cache-control": "no-store, no-transform" } } : {};
  },
  onError({ error, path }) {
    if (error.code === "INTERNAL_SERVER_ERROR") console.error(`[trpc] ${path ?? "?"}:`, error.cause ?? error);
  },
});

/** Header lookup over Node's (lower-cased) header object, without copying it into a Headers. */
function nodeHeaders(headers: IncomingHttpHeaders): RequestHeaders {
  return {
    get(name: string) {
      const v = headers[name.toLowerCase()];
      return v === undefined ? null : Array.isArray(v) ? v.join(", ") : v;
    },
  };
}
