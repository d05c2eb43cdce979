import { requireSession } from "~/server/auth/page-session";
import { pageCaller } from "~/server/trpc/page-caller";
import { ActivityFeed } from "./activity-feed";
import styles from "./activity.module.css";

export const metadata = { title: "Activity · Calm" };

/** Everything that happened in the org, by when it happened, newest first. */
export default async function ActivityPage() {
  const session = await requireSession();
  const first = await pageCaller(session).activity.list({});
  return (
    <main className="page">
      <h1 className={styles.title}>Activity</h1>
      <p className={styles.lead}>Everything that happened, newest first by when it happened. Entries recorded later are marked.</p>
      <ActivityFeed first={first} viewerId={session.userId} />
    </main>
  );
}
