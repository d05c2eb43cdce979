"use client";

import { type FormEvent, useId, useState } from "react";
import { Button } from "~/components/ui/button";
import { type SignInRefusedReason, signInRefusedWords } from "~/components/words/sign-in";
import type { SignInAnswer } from "~/server/auth/sign-in-request";
import styles from "./sign-in.module.css";

export const SIGN_IN_ROUTE = "/api/auth/sign-in";

/**
 * Works before hydration too: the form posts to the sign-in route, which then answers with a
 * redirect. Hydrated, it posts the same fields with fetch and keeps the email on a refusal.
 */
export function SignInForm({ refused }: { refused?: { reason: SignInRefusedReason; wait?: number } }) {
  const [error, setError] = useState(refused ? signInRefusedWords(refused.reason, refused.wait) : undefined);
  const [pending, setPending] = useState(false);
  const errorId = useId();
  const invalid = error ? true : undefined;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setPending(true);
    try {
      const res = await fetch(SIGN_IN_ROUTE, {
        method: "POST",
        headers: { accept: "application/json" },
        body: new URLSearchParams(new FormData(form) as unknown as Record<string, string>),
      });
      const answer = (await res.json().catch(() => ({ ok: false, reason: "unavailable" }))) as SignInAnswer;
      if (answer.ok) {
        window.location.assign(answer.location); // a full load: the layout renders for the signed-in user
        return;
      }
      setError(signInRefusedWords(answer.reason, answer.retryAfterSeconds));
      (form.elements.namedItem("password") as HTMLInputElement | null)?.select();
    } catch {
      setError(signInRefusedWords("unavailable"));
    }
    setPending(false);
  }

  return (
    <form method="post" action={SIGN_IN_ROUTE} onSubmit={submit} className={styles.form} noValidate>
      <div className={styles.field}>
        <label htmlFor="email">Email</label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          required
          aria-invalid={invalid}
          aria-describedby={error ? errorId : undefined}
        />
      </div>
      <div className={styles.field}>
        <label htmlFor="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={invalid}
          aria-describedby={error ? errorId : undefined}
        />
      </div>
      <p id={errorId} role="alert" className={styles.error}>
        {error ?? ""}
      </p>
      <Button type="submit" variant="primary" disabled={pending} className={styles.submit}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
