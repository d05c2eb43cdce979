import { redirect } from "next/navigation";
import { refusedReason } from "~/components/words/sign-in";
import { currentViewer } from "~/server/auth/page-session";
import { SignInForm } from "./sign-in-form";
import styles from "./sign-in.module.css";

export const metadata = { title: "Sign in · Calm" };

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function SignInPage({ searchParams }: { searchParams: Search }) {
  if (await currentViewer()) redirect("/");
  // A refusal carried by the sign-in route's redirect, when the form was posted without JavaScript.
  const query = await searchParams;
  const reason = refusedReason(query.refused);
  const wait = Number(query.wait);
  const refused = reason ? { reason, wait: Number.isInteger(wait) && wait > 0 && wait < 86_400 ? wait : undefined } : undefined;
  return (
    <main className={styles.page}>
      <div className={styles.card}>
        <p className={styles.brand} aria-hidden="true">
          Calm
        </p>
        <h1 className={styles.title}>Sign in</h1>
        <p className={styles.lead}>The few things that need you, calmly.</p>
        <SignInForm refused={refused} />
      </div>
    </main>
  );
}
