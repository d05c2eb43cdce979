import { type SessionOptions, sealData, unsealData } from "iron-session";
import { env } from "~/env";
import { cookieSecure } from "~/env-accounts";

/** The session cookie holds only the session's random id, sealed (iron-session) with SESSION_SECRET. */
export type SessionCookieData = { sid?: string };

export const SESSION_COOKIE = "calm_session";

/**
 * SESSION_SECRET seals; SESSION_SECRET_PREVIOUS, while set, still unseals the cookies sealed before
 * a rotation. (Not iron-session's password map: it tells passwords apart by numbered ids, so a
 * cookie sealed during a rotation would stop working once the previous secret is removed.)
 */
const unsealPasswords = (): string[] => [env.SESSION_SECRET, ...(env.SESSION_SECRET_PREVIOUS ? [env.SESSION_SECRET_PREVIOUS] : [])];

/** Cookie lifetime = the session's absolute lifetime; the database decides before that. */
export function sessionCookieOptions(): SessionOptions {
  return {
    password: env.SESSION_SECRET,
    cookieName: SESSION_COOKIE,
    ttl: env.SESSION_MAX_DAYS * 24 * 60 * 60,
    cookieOptions: { httpOnly: true, sameSite: "lax", secure: cookieSecure(env), path: "/" },
  };
}

/**
 * The cookie value carrying a session id, as sign-in's iron-session sets it (the inverse of
 * sidFromCookieValue): for signing in without the form (e2e specs, benches), whose server may have
 * another secret than this process.
 */
export function sealSessionId(sid: string, password: string = env.SESSION_SECRET, ttlSeconds: number = sessionCookieOptions().ttl!): Promise<string> {
  return sealData({ sid } satisfies SessionCookieData, { password, ttl: ttlSeconds });
}

/** The session id a cookie value carries, or null (absent, tampered, another secret, too old). */
export async function sidFromCookieValue(value: string | undefined | null): Promise<string | null> {
  if (!value || value.length > 4096) return null;
  for (const password of unsealPasswords()) {
    try {
      const data = await unsealData<SessionCookieData>(value, { password, ttl: sessionCookieOptions().ttl });
      if (typeof data.sid === "string") return data.sid;
    } catch {
      // tampered, or sealed with another secret: try the next one
    }
  }
  return null;
}

/** The session id in a Cookie header (the tRPC context reads headers, not Next's cookies()). */
export async function sidFromCookieHeader(cookieHeader: string | null): Promise<string | null> {
  if (!cookieHeader) return null;
  const raw = cookieHeader
    .split(/;\s*/)
    .find((c) => c.startsWith(`${SESSION_COOKIE}=`))
    ?.slice(SESSION_COOKIE.length + 1);
  if (!raw) return null;
  try {
    return await sidFromCookieValue(decodeURIComponent(raw));
  } catch {
    return null; // malformed percent-encoding
  }
}
