import Link from "next/link";
import styles from "~/components/settings/settings.module.css";

/** An endpoint that does not exist, or belongs to another org: the same answer for both. */
export default function EndpointNotFound() {
  return (
    <section className={styles.section} aria-labelledby="not-found">
      <h2 id="not-found">No such endpoint</h2>
      <p>It may have been deleted, or belong to another account.</p>
      <p>
        <Link href="/settings/automations">All endpoints</Link>
      </p>
    </section>
  );
}
