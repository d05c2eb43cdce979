import { Directory } from "~/components/directory/directory";
import { parseDirectoryQuery } from "~/components/directory/query";
import styles from "~/components/directory/directory.module.css";
import { requireSession } from "~/server/auth/page-session";
import { pageCaller } from "~/server/trpc/page-caller";

export const metadata = { title: "Directory · Calm" };

/** /entities: every client, deal, invoice and follow-up, most recently active first; ?type= and ?q= deep-link. */
export default async function DirectoryPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await requireSession();
  const query = parseDirectoryQuery(await searchParams);
  // The first page comes with the page (no search: a search is typed, and answered in the browser).
  const first = query.q ? null : await pageCaller(session).entities.list({ type: query.type ?? undefined, limit: 30 });
  return (
    <main className="page">
      <h1 className={styles.title}>Directory</h1>
      <p className={styles.lead}>Every client, deal, invoice and follow-up, most recently active first.</p>
      <Directory key={query.type ?? "all"} query={query} first={first} />
    </main>
  );
}
