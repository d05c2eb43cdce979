import { Button } from "~/components/ui/button";
import styles from "./dashboard.module.css";

/** Nothing open: say so plainly, without an alarm or a to-do list. */
export function EmptyState({ filtered, snoozed = false, past = false, onShowAll }: { filtered: boolean; snoozed?: boolean; past?: boolean; onShowAll: () => void }) {
  return (
    <div className={styles.empty} tabIndex={-1} data-testid="empty-state">
      <p className={styles.emptyTitle}>
        {past
          ? snoozed
            ? "Nothing was snoozed then."
            : filtered
              ? "Nothing of this kind needed you then."
              : "Nothing needed you then."
          : snoozed
            ? "Nothing is snoozed."
            : filtered
              ? "Nothing of this kind needs you."
              : "Nothing needs you right now."}
      </p>
      {filtered || snoozed ? (
        <Button variant="quiet" onClick={onShowAll}>
          Show everything
        </Button>
      ) : past ? null : (
        <p className={styles.emptyText}>New leads, quotes and unpaid invoices will show up here when they need a hand.</p>
      )}
    </div>
  );
}
