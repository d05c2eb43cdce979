import type { ReactNode } from "react";
import { SettingsNav } from "~/components/settings/settings-nav";
import styles from "~/components/settings/settings.module.css";
import { requireSession } from "~/server/auth/page-session";

/** Settings: for a signed-in user of the org (any member manages its integrations: orgs have no roles yet). */
export default async function SettingsLayout({ children }: { children: ReactNode }) {
  await requireSession();
  return (
    <main className="page">
      <h1 className={styles.title}>Settings</h1>
      <p className={styles.lead}>Connect Calm to your other tools: webhooks out, API keys in.</p>
      <SettingsNav />
      {children}
    </main>
  );
}
