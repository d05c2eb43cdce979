import type { IncomingMessage, ServerResponse } from "node:http";
import { getIronSession } from "iron-session";
import { env } from "~/env";
import { DATABASE_UNAVAILABLE, RETRY_AFTER_SECONDS, isDatabaseUnavailable, logDatabaseUnavailable } from "../http/database-outage";
import { clientIp, parseTrustProxy } from "../http/client-ip";
import { nodeHeaders } from "../http/node-headers";
import { isSameOriginRequest } from "./same-origin";
import { type SessionCookieData, sessionCookieOptions } from "./session-cookie";
import { type SignInRefusal, signInWithPassword } from "./sign-in";

/** What the sign-in form learns: where to go, or why not (words in src/components/words/sign-in.ts). */
export type SignInAnswer =
  | { ok: true; location: string }
  | { ok: false; reason: SignInRefusal | "cross_origin" | "unavailable"; retryAfterSeconds?: number };

const STATUS: Record<Exclude<SignInAnswer, { ok: true }>["reason"], number> = {
  missing: 400,
  wrong: 401,
  disabled: 403,
  cross_origin: 403,
  throttled: 429,
  unavailable: 503,
};

/**
 * POST /api/auth/sign-in, a Node route because only Node's request holds the socket's address
 * (server actions see headers alone, and X-Forwarded-For is whatever the client sent unless a
 * trusted proxy set it). The form posts here without JavaScript (answered with a 303 redirect)
 * and with it (Accept: application/json, answered with SignInAnswer).
 */
export async function handleSignIn(req: IncomingMessage & { body?: unknown }, res: ServerResponse): Promise<void> {
  const wantsJson = (req.headers.accept ?? "").includes("application/json");
  const answer = (a: SignInAnswer) => {
    if (!a.ok && a.retryAfterSeconds) res.setHeader("retry-after", String(a.retryAfterSeconds));
    res.setHeader("cache-control", "no-store");
    if (wantsJson) {
      res.statusCode = a.ok ? 200 : STATUS[a.reason];
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(a));
      return;
    }
    const wait = !a.ok && a.retryAfterSeconds ? `&wait=${a.retryAfterSeconds}` : "";
    res.statusCode = 303;
    res.setHeader("location", a.ok ? a.location : `/sign-in?refused=${a.reason}${wait}`);
    res.end();
  };
  if (req.method !== "POST") {
    res.statusCode = 405;
    res.setHeader("allow", "POST");
    res.end();
    return;
  }
  const headers = nodeHeaders(req.headers);
  if (!isSameOriginRequest(headers)) {
    hintAppUrl(headers.get("origin"));
    res.statusCode = 403;
    res.setHeader("content-type", "text/plain; charset=utf-8");
    res.end("Sign in from Calm's own sign-in page.");
    return;
  }
  const body = (req.body && typeof req.body === "object" ? req.body : {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === "string" ? v : "");
  const ip = clientIp(req.socket.remoteAddress, headers, parseTrustProxy(env.TRUST_PROXY));
  try {
    const outcome = await signInWithPassword({ email: text(body.email), password: text(body.password) }, { ip });
    if (!outcome.ok) return answer({ ok: false, reason: outcome.reason, retryAfterSeconds: outcome.retryAfterSeconds });
    const session = await getIronSession<SessionCookieData>(req, res, sessionCookieOptions());
    session.sid = outcome.sid;
    await session.save();
    answer({ ok: true, location: "/" });
  } catch (e) {
    if (!isDatabaseUnavailable(e)) throw e;
    logDatabaseUnavailable("sign-in", e);
    if (wantsJson) return answer({ ok: false, reason: "unavailable", retryAfterSeconds: RETRY_AFTER_SECONDS });
    res.statusCode = 503;
    res.setHeader("retry-after", String(RETRY_AFTER_SECONDS));
    res.setHeader("content-type", "text/plain; charset=utf-8");
    res.end(DATABASE_UNAVAILABLE);
  }
}

let hinted = false;

/**
 * Without APP_URL only loopback origins are ours: an app reached through a proxy at its public
 * name refuses every sign-in until APP_URL is set. Said once in the server log, where the operator looks.
 */
function hintAppUrl(origin: string | null): void {
  if (hinted || env.APP_URL || !origin) return;
  hinted = true;
  console.warn(`[auth] refused a sign-in posted from ${origin.slice(0, 200)}: if that is where people reach Calm, set APP_URL to it (README, Security).`);
}
