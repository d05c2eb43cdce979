import type pg from "pg";
import type { Actor } from "~/domain/events";
import { orgForApiKey } from "./api-keys";
import { noteKeyUse } from "./key-usage";
import { sidFromCookieHeader } from "./session-cookie";
import { findSession } from "./sessions";

/** The caller: an org, and how it proved it. Everything downstream is scoped by orgId. */
export type Caller =
  | { kind: "apiKey"; orgId: string; keyId: string; scopes?: readonly string[] }
  | { kind: "session"; orgId: string; userId: string; actor: Actor; name?: string };

/**
 * Resolves the caller from `Authorization: Bearer <key>` or the session cookie; null if neither
 * is valid. A session is checked against the database (sessions.ts), the same check as pages'.
 */
export async function resolveCaller(db: pg.Pool, headers: Pick<Headers, "get">, now = new Date()): Promise<Caller | null> {
  const auth = headers.get("authorization");
  if (auth) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    const found = m?.[1] ? await orgForApiKey(db, m[1], now.getTime()) : null;
    if (found) await noteKeyUse(db, found.keyId, now);
    // A bad key is not silently downgraded to the cookie: the client asked for key auth.
    return found ? { kind: "apiKey", ...found } : null;
  }
  const sid = await sidFromCookieHeader(headers.get("cookie"));
  const session = sid ? await findSession(db, sid, now) : null;
  if (!session) return null;
  return { kind: "session", orgId: session.orgId, userId: session.userId, actor: { id: session.userId, type: "user" }, name: session.name };
}
