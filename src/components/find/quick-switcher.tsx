"use client";

import { useRouter } from "next/navigation";
import { Dialog } from "~/components/ui/dialog";
import { EntityCombobox } from "./entity-combobox";
import styles from "./find.module.css";

/**
 * The quick switcher (Ctrl/Cmd+K): a labelled, focus-trapped dialog with one search box over the
 * org's clients, deals, invoices and follow-ups; Enter opens the one chosen, with its timeline.
 */
export function QuickSwitcher({ open, onClose }: { open: boolean; onClose: () => void }) {
  const router = useRouter();
  return (
    <Dialog open={open} onClose={onClose} title="Find anything" size="wide" placement="top">
      {open ? (
        <>
          <EntityCombobox
            label="Name, invoice number or email"
            placeholder="Name, invoice number or email"
            autoFocus
            onPick={(item) => {
              onClose();
              router.push(`/entities/${item.type}/${item.id}`);
            }}
          />
          <p className={styles.switcherKeys}>
            <kbd>↑</kbd> <kbd>↓</kbd> choose · <kbd>Enter</kbd> open · <kbd>Esc</kbd> close
          </p>
        </>
      ) : null}
    </Dialog>
  );
}
