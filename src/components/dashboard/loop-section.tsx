import type { ReactNode } from "react";
import styles from "./dashboard.module.css";

/** A titled group of loops ("Needs attention", "Coming up") with its count. */
export function LoopSection({ id, title, hint, count, children }: { id: string; title: string; hint: string; count: number; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className={styles.section}>
      <div className={styles.sectionHead}>
        <h2 id={id} className={styles.sectionTitle}>
          {title} <span className={styles.sectionCount}>{count}</span>
        </h2>
        <p className={styles.sectionHint}>{hint}</p>
      </div>
      <ul className={styles.list} role="list">
        {children}
      </ul>
    </section>
  );
}
