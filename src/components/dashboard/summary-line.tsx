import type { LoopType } from "~/domain/loops";
import { LOOP_KIND_LABELS } from "~/components/words/loops";
import type { LoopSummary } from "./types";
import styles from "./dashboard.module.css";

const things = (n: number, past: boolean) => (past ? (n === 1 ? "1 thing needed" : `${n} things needed`) : n === 1 ? "1 thing needs" : `${n} things need`);

/** One sentence under the heading: how much needs you now (or needed you then, in the past), and how much is coming. */
export function SummaryLine({ summary, type, past = false }: { summary: LoopSummary | undefined; type: LoopType | null; past?: boolean }) {
  if (!summary) return <p className={styles.summary}>&nbsp;</p>;
  const c = type ? (summary.byType[type] ?? { high: 0, medium: 0, total: 0 }) : { ...summary.bySeverity, total: summary.total };
  const scope = type ? ` (${LOOP_KIND_LABELS[type].toLowerCase()})` : "";
  if (c.total === 0 && !type) return null; // the empty state below says it
  const text =
    c.total === 0
      ? `All clear${scope}.`
      : c.high === 0
        ? `Nothing ${past ? "was" : "is"} urgent${scope}; ${c.medium} coming up.`
        : `${things(c.high, past)} you ${past ? "then" : "now"}${scope}${c.medium ? `, ${c.medium} coming up` : ""}.`;
  return (
    <p className={styles.summary} aria-live="polite">
      {text}
    </p>
  );
}
