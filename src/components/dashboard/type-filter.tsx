"use client";

import { LOOP_TYPES, type LoopType } from "~/domain/loops";
import { LOOP_KIND_LABELS } from "~/components/words/loops";
import type { LoopSummary } from "./types";
import styles from "./dashboard.module.css";

type Props = { summary: LoopSummary; selected: LoopType | null; onSelect: (type: LoopType | null) => void };

/** Counts by kind that double as filters: one pressed at a time ("All" when none). */
export function TypeFilter({ summary, selected, onSelect }: Props) {
  const kinds = LOOP_TYPES.filter((t) => (summary.byType[t]?.total ?? 0) > 0 || t === selected);
  if (kinds.length < 2 && !selected) return null; // one kind only: nothing to filter
  return (
    <div role="group" aria-label="Show only" className={styles.filters}>
      <FilterButton label="All" count={summary.total} pressed={selected === null} onClick={() => onSelect(null)} />
      {kinds.map((t) => (
        <FilterButton
          key={t}
          label={LOOP_KIND_LABELS[t]}
          count={summary.byType[t]?.total ?? 0}
          pressed={selected === t}
          onClick={() => onSelect(selected === t ? null : t)}
        />
      ))}
    </div>
  );
}

function FilterButton({ label, count, pressed, onClick }: { label: string; count: number; pressed: boolean; onClick: () => void }) {
  return (
    <button type="button" className={styles.filter} aria-pressed={pressed} onClick={onClick}>
      {label} <span className={styles.count}>{count}</span>
    </button>
  );
}
