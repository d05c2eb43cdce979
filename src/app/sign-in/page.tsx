import { redirect } from "next/navigation";
import { getSession } from "~/server/auth/page-session";
import { SignInForm } from "./sign-in-form";
import styles from "./sign-in.module.css";

export const metadata = { title: "Sign in · Calm" };

export default async function SignInPage() {
  const session = await getSession();
  if (session.userId && session.orgId) redirect("/");
  return (
    <main className={styles.page}>
      <div className={styles.card}>
        <p className={styles.brand} aria-hidden="true">
          Calm
        </p>
        <h1 className={styles.title}>Sign in</h1>
        <p className={styles.lead}>The few things that need you, calmly.</p>
        <SignInForm />
      </div>
    </main>
  );
}
