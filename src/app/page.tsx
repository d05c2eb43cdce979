import { Dashboard } from "~/components/dashboard/dashboard";
import { parseView } from "~/components/dashboard/view";
import { requireSession } from "~/server/auth/page-session";
import styles from "~/components/dashboard/dashboard.module.css";

export const metadata = { title: "Today · Calm" };

/** The calm dashboard: what needs you now, and what is coming up. */
export default async function Home({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireSession();
  const { show } = await searchParams;
  return (
    <main className="page">
      <h1 className={styles.pageTitle}>Today</h1>
      <Dashboard initialView={parseView(Array.isArray(show) ? show[0] : show)} />
    </main>
  );
}
