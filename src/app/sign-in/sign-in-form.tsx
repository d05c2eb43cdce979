"use client";

import { useActionState, useId } from "react";
import { Button } from "~/components/ui/button";
import { signIn, type SignInState } from "./actions";
import styles from "./sign-in.module.css";

/** Works before hydration too: the form posts to the server action either way. */
export function SignInForm() {
  const [state, action, pending] = useActionState<SignInState, FormData>(signIn, {});
  const errorId = useId();
  const invalid = state.error ? true : undefined;
  return (
    <form action={action} className={styles.form} noValidate>
      <div className={styles.field}>
        <label htmlFor="email">Email</label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          required
          defaultValue={state.email}
          aria-invalid={invalid}
          aria-describedby={state.error ? errorId : undefined}
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
          aria-describedby={state.error ? errorId : undefined}
        />
      </div>
      <p id={errorId} role="alert" className={styles.error}>
        {state.error ?? ""}
      </p>
      <Button type="submit" variant="primary" disabled={pending} className={styles.submit}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
