"use client";

import { type ReactNode, useId, useState } from "react";
import { EntityCombobox } from "~/components/find/entity-combobox";
import findStyles from "~/components/find/find.module.css";
import { Button } from "~/components/ui/button";
import { ENTITY_WORDS } from "~/components/words/entities";
import type { Pick, PickerSpec } from "./specs";
import styles from "./create.module.css";

type Props = { spec: PickerSpec; pick: Pick; onPick: (pick: Pick) => void; children?: ReactNode };
type Choice = "none" | "existing" | "new";

const CHOICES: { choice: Choice; label: string }[] = [
  { choice: "none", label: "None" },
  { choice: "existing", label: "An existing client" },
  { choice: "new", label: "A new client" },
];

/**
 * The record a new one is for or about, picked by search; for a lead's client also "a new client",
 * whose fields (children) are filled in the same form and created with it.
 */
export function EntityPicker({ spec, pick, onPick, children }: Props) {
  const id = useId();
  const [choice, setChoice] = useState<Choice>(pick.mode === "none" ? (spec.newClient ? "none" : "existing") : pick.mode);
  const what = spec.types.length === 1 ? `the ${ENTITY_WORDS[spec.types[0]!].toLowerCase()}` : spec.label.toLowerCase() === "about" ? "what it is about" : "what it is for";
  const choose = (c: Choice) => {
    setChoice(c);
    onPick(c === "new" ? { mode: "new" } : { mode: "none" });
  };
  return (
    <fieldset className={styles.picker} aria-describedby={`${id}-hint`}>
      <legend className={styles.legend}>{spec.label}</legend>
      <p id={`${id}-hint`} className={styles.hint}>
        {spec.hint}
      </p>
      {spec.newClient ? (
        <div className={styles.choices}>
          {CHOICES.map((c) => (
            <label key={c.choice} className={styles.choice}>
              <input type="radio" name={`${id}-choice`} value={c.choice} checked={choice === c.choice} onChange={() => choose(c.choice)} />
              {c.label}
            </label>
          ))}
        </div>
      ) : null}
      {pick.mode === "existing" ? (
        <div className={findStyles.picked} data-testid="picked">
          <span>
            <span className={findStyles.pickedName}>{pick.entity.display_name}</span>
            <span className={findStyles.pickedType}>{ENTITY_WORDS[pick.entity.type]}</span>
          </span>
          <Button size="sm" variant="quiet" onClick={() => onPick({ mode: "none" })}>
            Change<span className="visually-hidden"> {spec.label.toLowerCase()}</span>
          </Button>
        </div>
      ) : choice === "existing" ? (
        <EntityCombobox
          label={`Find ${what}`}
          types={spec.types}
          placeholder={spec.types.includes("client") ? "Name or email" : "Name or invoice number"}
          onPick={(item) => onPick({ mode: "existing", entity: { type: item.type, id: item.id, display_name: item.display_name } })}
        />
      ) : null}
      {choice === "new" ? children : null}
    </fieldset>
  );
}
