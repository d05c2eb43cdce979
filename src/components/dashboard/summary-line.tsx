import type { LoopType } from "~/domain/loops";
import { LOOP_KIND_LABELS } from "~/components/words/loops";
import type { LoopSummary } from "./types";
import styles from "./dashboard.module.css";

const things = (n: number) => (n === 1 ? "1 thing needs" : `${n} things need`);

/** One sentence under the heading: how much needs you now, and how much is coming. */
export function SummaryLine({ summary, type }: { summary: LoopSummary | undefined; type: LoopType | null }) {
  if (!summary) return <p className={styles.summary}>&nbsp;</p>;
  const c = type ? (summary.byType[type] ?? { high: 0, medium: 0, total: 0 }) : { ...summary.bySeverity, total: summary.total };
  const scope = type ? ` (${LOOP_KIND_LABELS[type].toLowerCase()})` : "";
  if (c.total === 0 && !type) return null; // the empty state below says it
  const text =
    c.total === 0
      ? `All clear${scope}.`
      : c.high === 0
        ? `Nothing is urgent${scope}; ${c.medium} coming up.`
        : `${things(c.high)} you now${scope}${c.medium ? `, ${c.medium} coming up` : ""}.`;
  return (
    <p className={styles.summary} aria-live="polite">
      {text}
    </p>
  );
}
