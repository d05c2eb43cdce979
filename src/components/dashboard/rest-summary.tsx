import { LOOP_TYPES, type LoopType } from "~/domain/loops";
import { LOOP_KIND_LABELS } from "~/components/words/loops";
import styles from "./dashboard.module.css";

type Props = {
  /** "Also needing attention", "Also coming up". */
  label: string;
  /** How many of each kind are not on screen. */
  counts: Partial<Record<LoopType, number>>;
  onKind: (type: LoopType) => void;
};

/** The loops not on the first screen, summarised by kind with counts; each kind is a way in (its filter). */
export function RestSummary({ label, counts, onKind }: Props) {
  const kinds = LOOP_TYPES.filter((t) => (counts[t] ?? 0) > 0);
  if (kinds.length === 0) return null;
  return (
    <div className={styles.rest} data-testid="rest-summary">
      <p className={styles.restLabel}>{label}:</p>
      <ul className={styles.restKinds}>
        {kinds.map((t) => (
          <li key={t}>
            <button type="button" className={styles.restKind} onClick={() => onKind(t)}>
              <span className={styles.restCount}>{counts[t]}</span> {LOOP_KIND_LABELS[t].toLowerCase()}
              <span aria-hidden="true"> ›</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Loops of each kind in `counts` not among `shown`. */
export function restByKind(counts: Partial<Record<LoopType, number>>, shown: readonly { type: LoopType }[]): Partial<Record<LoopType, number>> {
  const rest: Partial<Record<LoopType, number>> = {};
  for (const t of LOOP_TYPES) rest[t] = Math.max(0, (counts[t] ?? 0) - shown.filter((l) => l.type === t).length);
  return rest;
}
