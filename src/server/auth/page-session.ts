import { getIronSession } from "iron-session";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { type SessionData, sessionOptions } from "./session";

/** The session of a server component or route handler (Next's cookies()). */
export async function getSession() {
  return getIronSession<SessionData>(await cookies(), sessionOptions());
}

/** For pages behind sign-in: the signed-in user, or a redirect to /sign-in. */
export async function requireSession(): Promise<Required<Pick<SessionData, "userId" | "orgId">> & SessionData> {
  const session = await getSession();
  if (!session.userId || !session.orgId) redirect("/sign-in");
  return { ...session, userId: session.userId, orgId: session.orgId };
}
