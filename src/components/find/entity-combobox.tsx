"use client";

import { useEffect, useId, useRef, useState } from "react";
import type { EntityType } from "~/domain/events";
import { RelativeTime } from "~/components/ui/relative-time";
import { ENTITY_WORDS } from "~/components/words/entities";
import type { EntitySearchItem } from "./types";
import { useEntityResults } from "./use-entity-results";
import styles from "./find.module.css";

type Props = {
  label: string;
  /** The label is for screen readers only (the dialog's title says it already). */
  hideLabel?: boolean;
  types?: readonly EntityType[];
  placeholder?: string;
  autoFocus?: boolean;
  hint?: string;
  invalid?: boolean;
  describedBy?: string;
  onPick: (item: EntitySearchItem) => void;
};

/**
 * A search box over the org's entities with its list of results (WAI-ARIA APG combobox with a
 * listbox popup): typing searches, ArrowDown/ArrowUp move through the results (the focus stays in
 * the box: aria-activedescendant), Enter picks, Escape clears. Empty, it offers the most recent.
 */
export function EntityCombobox({ label, hideLabel, types, placeholder, autoFocus, hint, invalid, describedBy, onPick }: Props) {
  const id = useId();
  const [text, setText] = useState("");
  const [active, setActive] = useState(0);
  const results = useEntityResults(text, types);
  const items = results.items;
  const current = Math.min(active, items.length - 1);
  // Enter pressed while the answer to what was typed is still on its way picks from that answer.
  const pendingPick = useRef(false);
  useEffect(() => {
    if (!pendingPick.current || results.searching) return;
    pendingPick.current = false;
    if (items[0]) onPick(items[0]);
  }, [results.searching, items, onPick]);
  const optionId = (i: number) => `${id}-option-${i}`;
  const status = results.failed
    ? "Search is unavailable right now."
    : results.pending
      ? "Searching…"
      : items.length === 0
        ? results.query
          ? `Nothing matches “${results.query}”.`
          : "Nothing recorded yet."
        : results.query
          ? `${items.length} match${items.length === 1 ? "" : "es"}`
          : "Recently active";

  return (
    <div className={styles.combobox}>
      <label htmlFor={`${id}-input`} className={hideLabel ? "visually-hidden" : styles.label}>
        {label}
      </label>
      <input
        id={`${id}-input`}
        className={styles.input}
        type="search"
        role="combobox"
        autoComplete="off"
        spellCheck={false}
        autoFocus={autoFocus}
        placeholder={placeholder}
        value={text}
        aria-expanded={items.length > 0}
        aria-controls={`${id}-list`}
        aria-autocomplete="list"
        aria-activedescendant={items.length > 0 ? optionId(current) : undefined}
        aria-describedby={[hint ? `${id}-hint` : null, `${id}-status`, describedBy ?? null].filter(Boolean).join(" ")}
        aria-invalid={invalid || undefined}
        onChange={(e) => {
          setText(e.currentTarget.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown" || e.key === "ArrowUp") {
            e.preventDefault();
            if (items.length) setActive((current + (e.key === "ArrowDown" ? 1 : -1) + items.length) % items.length);
          } else if (e.key === "Home" && e.ctrlKey) setActive(0);
          else if (e.key === "Enter") {
            e.preventDefault(); // never submits the form around it
            if (results.searching) pendingPick.current = true;
            else if (items[current]) onPick(items[current]);
          } else if (e.key === "Escape" && text) {
            e.preventDefault();
            e.stopPropagation(); // the first Escape clears; the next one closes the dialog
            setText("");
          }
        }}
      />
      {hint ? (
        <p id={`${id}-hint`} className={styles.hint}>
          {hint}
        </p>
      ) : null}
      <p id={`${id}-status`} className={styles.status} aria-live="polite">
        {status}
      </p>
      <ul
        id={`${id}-list`}
        role="listbox"
        aria-label={`${label}: results`}
        aria-busy={results.searching || undefined}
        className={styles.list}
        data-searching={results.searching || undefined}
      >
        {items.map((item, i) => (
          <li
            key={`${item.type}:${item.id}`}
            id={optionId(i)}
            role="option"
            aria-selected={i === current}
            className={styles.option}
            // The pointer picks without taking the focus from the box.
            onMouseDown={(e) => e.preventDefault()}
            onMouseMove={() => setActive(i)}
            onClick={() => onPick(item)}
          >
            <span className={styles.optionMain}>
              <span className={styles.optionName}>{item.display_name}</span>
              <span className={styles.optionType}>{ENTITY_WORDS[item.type]}</span>
            </span>
            <span className={styles.optionMeta}>
              {matchedWords(item) ?? item.summary ?? null}
              {item.last_activity_at ? (
                <>
                  {matchedWords(item) ?? item.summary ? <span aria-hidden="true"> · </span> : null}
                  <RelativeTime iso={item.last_activity_at} />
                </>
              ) : null}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The invoice number and the name are in the name shown; an email is not. */
const MATCHED_WORDS: Record<string, string> = { email: "Matched by email" };

/** Which field matched, when it is not in the name shown. */
function matchedWords(item: EntitySearchItem): string | null {
  const m = (item as { matched?: unknown }).matched;
  return typeof m === "string" ? (MATCHED_WORDS[m] ?? null) : null;
}
