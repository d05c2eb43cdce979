"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getSession } from "~/server/auth/page-session";
import { isSameOriginRequest } from "~/server/auth/same-origin";
import { type SignInRefusal, signInWithPassword } from "~/server/auth/sign-in";

export type SignInState = { error?: string; email?: string };

const REFUSED: Record<SignInRefusal, string> = {
  missing: "Enter your email and your password.",
  blocked: "Too many attempts for this email. Wait a few minutes, then try again.",
  // One message for an unknown email and a wrong password: it must not reveal which accounts exist.
  wrong: "That email and password don't match. Check them and try again.",
};

export async function signIn(_prev: SignInState, form: FormData): Promise<SignInState> {
  if (!isSameOriginRequest(await headers())) return { error: "Sign in from Calm's own sign-in page." };
  const outcome = await signInWithPassword({ email: String(form.get("email") ?? ""), password: String(form.get("password") ?? "") });
  if (!outcome.ok) return { error: REFUSED[outcome.reason], email: outcome.email };
  const session = await getSession();
  session.userId = outcome.user.userId;
  session.orgId = outcome.user.orgId;
  session.name = outcome.user.name;
  await session.save();
  redirect("/");
}

export async function signOut(): Promise<void> {
  if (!isSameOriginRequest(await headers())) throw new Error("cross-site sign-out refused");
  const session = await getSession();
  session.destroy();
  redirect("/sign-in");
}
