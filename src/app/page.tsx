import { Dashboard } from "~/components/dashboard/dashboard";
import { requireSession } from "~/server/auth/page-session";
import styles from "~/components/dashboard/dashboard.module.css";

export const metadata = { title: "Today · Calm" };

/** The calm dashboard: what needs you now, and what is coming up. */
export default async function Home() {
  await requireSession();
  return (
    <main className="page">
      <h1 className={styles.pageTitle}>Today</h1>
      <Dashboard />
    </main>
  );
}
