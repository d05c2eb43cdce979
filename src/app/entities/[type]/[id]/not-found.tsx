import Link from "next/link";
import styles from "~/components/entity/entity.module.css";

/** Unknown entity, or one that belongs to another org: the same calm answer for both. */
export default function EntityNotFound() {
  return (
    <main className={styles.notFound}>
      <h1>Nothing here</h1>
      <p>We couldn’t find that deal, invoice, client or follow-up. It may belong to another account, or the link may be incomplete.</p>
      <p>
        <Link href="/">Back to what needs you</Link>
      </p>
    </main>
  );
}
