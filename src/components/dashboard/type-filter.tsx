"use client";

import { LOOP_TYPES } from "~/domain/loops";
import { LOOP_KIND_LABELS } from "~/components/words/loops";
import type { LoopSummary } from "./types";
import { type DashboardView, OVERVIEW, sameView } from "./view";
import styles from "./dashboard.module.css";

type Props = { summary: LoopSummary; view: DashboardView; onSelect: (view: DashboardView) => void };

/**
 * The views, one pressed at a time: the overview ("First things"), every open loop ("All", with
 * its count), and each kind with its count, which doubles as the way in from the overview.
 */
export function TypeFilter({ summary, view, onSelect }: Props) {
  const kinds = LOOP_TYPES.filter((t) => (summary.byType[t]?.total ?? 0) > 0 || (view.kind === "type" && view.type === t));
  if (summary.total === 0 && snoozedCount(summary) === 0 && view.kind === "overview") return null;
  const button = (label: string, target: DashboardView, count?: number) => {
    const pressed = sameView(view, target);
    return (
      <FilterButton key={label} label={label} count={count} pressed={pressed} onClick={() => onSelect(pressed && target.kind !== "overview" ? OVERVIEW : target)} />
    );
  };
  return (
    <div role="group" aria-label="Show only" className={styles.filters}>
      {button("First things", OVERVIEW)}
      {button("All", { kind: "all" }, summary.total)}
      {kinds.map((t) => button(LOOP_KIND_LABELS[t], { kind: "type", type: t }, summary.byType[t]?.total ?? 0))}
      {snoozedCount(summary) > 0 || view.kind === "snoozed" ? button("Snoozed", { kind: "snoozed" }, snoozedCount(summary)) : null}
    </div>
  );
}

function FilterButton({ label, count, pressed, onClick }: { label: string; count?: number; pressed: boolean; onClick: () => void }) {
  return (
    <button type="button" className={styles.filter} aria-pressed={pressed} onClick={onClick}>
      {label} {count !== undefined ? <span className={styles.count}>{count}</span> : null}
    </button>
  );
}

/** Snoozed loops are counted apart from the others (loops.summary's `snoozed`). */
export const snoozedCount = (summary: LoopSummary): number => summary.snoozed;
