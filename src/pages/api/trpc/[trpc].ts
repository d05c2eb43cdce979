import type { IncomingHttpHeaders } from "node:http";
import type { NextApiRequest, NextApiResponse } from "next";
import { TRPCError } from "@trpc/server";
import { createNextApiHandler } from "@trpc/server/adapters/next";
import { env } from "~/env";
import { DATABASE_UNAVAILABLE, RETRY_AFTER_SECONDS, isDatabaseUnavailable, logDatabaseUnavailable } from "~/server/http/database-outage";
import { readBodyWithin } from "~/server/http/body-limit";
import { gzipJsonAnswers } from "~/server/http/fast-gzip";
import { createContext, type RequestHeaders, retryAfterOf } from "~/server/trpc/context";
import { isOutage } from "~/server/trpc/error-formatter";
import { appRouter } from "~/server/trpc/root";

/**
 * The tRPC endpoint, on the Pages Router's Node adapter rather than an App Router route handler:
 * the same router and wire format, but Node's request is not wrapped into a web Request and
 * streams first. Measured with bench:append on this 2-core machine, a no-op tRPC mutation went
 * from 1,077 to 1,459 requests/s (a no-op App Router route: 1,497), and single appends from ~780 to ~950.
 */
export const config = {
  // The body is read here, bounded (MAX_BODY_BYTES, 413 beyond); batches may legitimately exceed
  // Next's 4 MB response warning threshold.
  api: { bodyParser: false, responseLimit: false, externalResolver: true },
};

const trpcHandler = createNextApiHandler({
  router: appRouter,
  createContext: async ({ req }) => {
    try {
      return await createContext({ headers: nodeHeaders(req.headers) });
    } catch (e) {
      // Resolving the caller reads the database: out of reach, that is a 503 like any other.
      if (isDatabaseUnavailable(e)) throw new TRPCError({ code: "SERVICE_UNAVAILABLE", message: DATABASE_UNAVAILABLE, cause: e });
      throw e;
    }
  },
  responseMeta({ type, errors }) {
    if (errors.some(isOutage)) return { headers: { "retry-after": String(RETRY_AFTER_SECONDS), "cache-control": "no-store" } };
    const wait = errors.map(retryAfterOf).find((s) => s !== null);
    if (wait) return { headers: { "retry-after": String(wait), "cache-control": "no-store" } };
    // A mutation's answer is a receipt (or a batch's echo): never to be cached, and not worth the
    // server's CPU to compress (gzip cost ~6 ms of a 500-event appendBatch's ~38 ms here, on the
    // same two cores as Postgres). Queries (lists, timelines) are still compressed.
    return type === "mutation" ? { headers: { "cache-control": "no-store, no-transform" } } : {};
  },
  onError({ error, path }) {
    // The real error goes to the server log only; the client's answer says no more than its code.
    if (isOutage(error)) logDatabaseUnavailable(`/api/trpc ${path ?? "?"}`, error.cause ?? error);
    else if (error.code === "INTERNAL_SERVER_ERROR") console.error(`[trpc] ${path ?? "?"}:`, error.cause ?? error);
  },
});

export default async function handler(req: NextApiRequest, res: NextApiResponse): Promise<void> {
  if (req.method !== "GET" && req.method !== "HEAD") {
    const body = await readBodyWithin(req, res, env.MAX_BODY_BYTES).catch(() => null); // a client gone mid-body: nothing to answer
    if (body === null) {
      if (!res.headersSent) res.destroy();
      return; // answered 413, or the client left
    }
    (req as { body?: unknown }).body = body;
  }
  gzipJsonAnswers(req, res);
  await trpcHandler(req, res);
}

/** Header lookup over Node's (lower-cased) header object, without copying it into a Headers. */
function nodeHeaders(headers: IncomingHttpHeaders): RequestHeaders {
  return {
    get(name: string) {
      const v = headers[name.toLowerCase()];
      return v === undefined ? null : Array.isArray(v) ? v.join(", ") : v;
    },
  };
}
