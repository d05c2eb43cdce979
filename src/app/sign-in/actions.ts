"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getPool } from "~/server/db/pool";
import { getSession } from "~/server/auth/page-session";
import { clearFailures, isBlocked, recordFailure } from "./attempts";
import { checkCredentials } from "./check-credentials";
import { isSameOriginRequest } from "./same-origin";

export type SignInState = { error?: string; email?: string };

/** One message for an unknown email and a wrong password: it must not reveal which accounts exist. */
const WRONG = "That email and password don't match. Check them and try again.";

export async function signIn(_prev: SignInState, form: FormData): Promise<SignInState> {
  if (!isSameOriginRequest(await headers())) return { error: "Sign in from Calm's own sign-in page." };
  const email = String(form.get("email") ?? "").trim().toLowerCase().slice(0, 320);
  const password = String(form.get("password") ?? "").slice(0, 1000);
  if (!email || !password) return { error: "Enter your email and your password.", email };
  if (isBlocked(email)) return { error: "Too many attempts for this email. Wait a few minutes, then try again.", email };
  const user = await checkCredentials(getPool(), email, password);
  if (!user) {
    recordFailure(email);
    return { error: WRONG, email };
  }
  clearFailures(email);
  const session = await getSession();
  session.userId = user.userId;
  session.orgId = user.orgId;
  session.name = user.name;
  await session.save();
  redirect("/");
}

export async function signOut(): Promise<void> {
  if (!isSameOriginRequest(await headers())) throw new Error("cross-site sign-out refused");
  const session = await getSession();
  session.destroy();
  redirect("/sign-in");
}
