import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getPool } from "../db/pool";
import { SESSION_COOKIE, sidFromCookieValue } from "./session-cookie";
import { type SessionUser, findSession } from "./sessions";

/**
 * The signed-in user of a server component, route handler or server action, or null: the cookie's
 * session checked against the database, the same check as the API's (credentials.ts).
 */
export async function currentViewer(): Promise<SessionUser | null> {
  const sid = await sidFromCookieValue((await cookies()).get(SESSION_COOKIE)?.value);
  return sid ? findSession(getPool(), sid) : null;
}

/** For pages behind sign-in: the signed-in user, or a redirect to /sign-in. */
export async function requireSession(): Promise<SessionUser> {
  const viewer = await currentViewer();
  if (!viewer) redirect("/sign-in");
  return viewer;
}
