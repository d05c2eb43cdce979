import { type SessionOptions, unsealData } from "iron-session";
import { env } from "~/env";

/** What the signed session cookie carries. */
export type SessionData = { userId?: string; orgId?: string; name?: string };

export const SESSION_COOKIE = "calm_session";

export function sessionOptions(): SessionOptions {
  return {
    password: env.SESSION_SECRET,
    cookieName: SESSION_COOKIE,
    ttl: 60 * 60 * 24 * 14,
    cookieOptions: { httpOnly: true, sameSite: "lax", secure: process.env.COOKIE_SECURE === "1", path: "/" },
  };
}

/** Reads the session from a Cookie header (used by the tRPC context, outside Next's cookies()). */
export async function readSessionCookie(cookieHeader: string | null): Promise<SessionData | null> {
  if (!cookieHeader) return null;
  const raw = cookieHeader
    .split(/;\s*/)
    .find((c) => c.startsWith(`${SESSION_COOKIE}=`))
    ?.slice(SESSION_COOKIE.length + 1);
  if (!raw) return null;
  try {
    const data = await unsealData<SessionData>(decodeURIComponent(raw), { password: env.SESSION_SECRET, ttl: sessionOptions().ttl });
    return data.userId && data.orgId ? data : null;
  } catch {
    return null;
  }
}
