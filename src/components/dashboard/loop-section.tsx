import type { ReactNode } from "react";
import styles from "./dashboard.module.css";

/** A titled group of loops ("Needs attention", "Coming up") with its count. */
type Props = { id: string; title: string; hint?: string; /** One line under the title, on every screen (how the list was chosen). */ note?: ReactNode; count: number; children: ReactNode };

export function LoopSection({ id, title, hint, note, count, children }: Props) {
  return (
    <section aria-labelledby={id} className={styles.section}>
      <div className={styles.sectionHead}>
        <h2 id={id} className={styles.sectionTitle}>
          {title} <span className={styles.sectionCount}>{count}</span>
        </h2>
        {hint ? <p className={styles.sectionHint}>{hint}</p> : null}
      </div>
      {note ? (
        <p className={styles.explain} data-testid="order-explained">
          {note}
        </p>
      ) : null}
      <ul className={styles.list} role="list">
        {children}
      </ul>
    </section>
  );
}
