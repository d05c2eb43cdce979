import { cookies } from "next/headers";
import { getPool } from "../db/pool";
import { SESSION_COOKIE, sidFromCookieValue } from "./session-cookie";
import { endAllSessions, endSession, findSession } from "./sessions";

/** Ends this browser's session in the database and drops its cookie. */
export async function signOutHere(): Promise<void> {
  const jar = await cookies();
  const sid = await sidFromCookieValue(jar.get(SESSION_COOKIE)?.value);
  if (sid) await endSession(getPool(), sid);
  jar.delete(SESSION_COOKIE);
}

/** Ends every session of the signed-in user, on every device (this one included). */
export async function signOutEverywhere(): Promise<void> {
  const jar = await cookies();
  const sid = await sidFromCookieValue(jar.get(SESSION_COOKIE)?.value);
  const viewer = sid ? await findSession(getPool(), sid) : null;
  if (viewer) await endAllSessions(getPool(), viewer.userId);
  jar.delete(SESSION_COOKIE);
}
