import type pg from "pg";
import type { Actor } from "~/domain/events";
import { orgForApiKey } from "./api-keys";
import { readSessionCookie } from "./session";

/** The caller: an org, and how it proved it. Everything downstream is scoped by orgId. */
export type Caller =
  | { kind: "apiKey"; orgId: string; keyId: string }
  | { kind: "session"; orgId: string; userId: string; actor: Actor; name?: string };

/** Resolves the caller from `Authorization: Bearer <key>` or the session cookie; null if neither is valid. */
export async function resolveCaller(db: pg.Pool, headers: Pick<Headers, "get">): Promise<Caller | null> {
  const auth = headers.get("authorization");
  if (auth) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    const found = m?.[1] ? await orgForApiKey(db, m[1]) : null;
    // A bad key is not silently downgraded to the cookie: the client asked for key auth.
    return found ? { kind: "apiKey", ...found } : null;
  }
  const session = await readSessionCookie(headers.get("cookie"));
  if (!session?.userId || !session.orgId) return null;
  return {
    kind: "session",
    orgId: session.orgId,
    userId: session.userId,
    actor: { id: session.userId, type: "user" },
    name: session.name,
  };
}
