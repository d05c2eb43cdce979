import type { SignInAnswer } from "~/server/auth/sign-in-request";

export type SignInRefusedReason = Extract<SignInAnswer, { ok: false }>["reason"];

/** Why the sign-in form refused, in plain words; `wait` is the seconds left when throttled. */
export function signInRefusedWords(reason: SignInRefusedReason, wait?: number): string {
  switch (reason) {
    case "missing":
      return "Enter your email and your password.";
    case "wrong":
      // One message for an unknown email and a wrong password: it must not reveal which accounts exist.
      return "That email and password don't match. Check them and try again.";
    case "throttled":
      return `Too many attempts. Wait ${waitWords(wait)}, then try again.`;
    case "disabled":
      return "This account is disabled. Ask your organisation's owner.";
    case "cross_origin":
      return "Sign in from Calm's own sign-in page.";
    case "unavailable":
      return "Calm cannot reach its database right now. Try again in a few seconds.";
  }
}

function waitWords(seconds: number | undefined): string {
  if (!seconds || seconds < 1) return "a moment";
  if (seconds < 90) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minutes`;
}

const REASONS: readonly SignInRefusedReason[] = ["missing", "wrong", "throttled", "disabled", "cross_origin", "unavailable"];

/** A reason read back from the sign-in page's query (?refused=…), when the form posted without JavaScript. */
export const refusedReason = (value: unknown): SignInRefusedReason | undefined =>
  REASONS.find((r) => r === value);
