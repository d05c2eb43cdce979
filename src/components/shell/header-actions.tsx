"use client";

import { useEffect, useRef, useState } from "react";
import { CreateDialog } from "~/components/create/create-dialog";
import { CREATE_KINDS, type CreateKind } from "~/components/create/kinds";
import { QuickSwitcher } from "~/components/find/quick-switcher";
import { keyBelongsElsewhere } from "~/components/ui/keys";
import { type MenuHandle, MenuButton } from "~/components/ui/menu";
import styles from "./shell.module.css";

/**
 * Find and create from any page: the quick switcher (Ctrl/Cmd+K) and the New menu (n). Both are
 * mounted once, here, so their shortcuts work wherever the header is.
 */
export function HeaderActions() {
  const [finding, setFinding] = useState(false);
  const [creating, setCreating] = useState<CreateKind | null>(null);
  const newMenu = useRef<MenuHandle>(null);
  // Hydration: a click before React is ready would do nothing, so the shortcut hint waits too.
  const [mac, setMac] = useState(false);
  useEffect(() => setMac(/Mac|iPhone|iPad/.test(navigator.platform)), []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === "k") {
        // A chord, so it works from a text field too; an open dialog other than the switcher keeps it.
        if (document.querySelector("dialog[open]") && !finding) return;
        e.preventDefault();
        setFinding((f) => !f);
        return;
      }
      if (e.key === "n" && !keyBelongsElsewhere(e)) {
        e.preventDefault();
        newMenu.current?.open("first");
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [finding]);

  return (
    <>
      <button type="button" className={styles.tool} onClick={() => setFinding(true)} aria-label="Find anything" aria-keyshortcuts={mac ? "Meta+K" : "Control+K"}>
        <SearchIcon />
        <span className={styles.toolWide}>Find</span>
        <kbd className={`${styles.toolKey} ${styles.toolWide}`} aria-hidden="true">
          {mac ? "⌘K" : "Ctrl K"}
        </kbd>
      </button>
      <MenuButton
        ref={newMenu}
        label={
          <>
            <span aria-hidden="true">+</span> New
          </>
        }
        buttonClassName={`${styles.tool} ${styles.primaryTool}`}
        align="end"
        items={CREATE_KINDS.map((k) => ({ key: k.kind, label: k.menuLabel, onSelect: () => setCreating(k.kind) }))}
      />
      <QuickSwitcher open={finding} onClose={() => setFinding(false)} />
      <CreateDialog kind={creating} onClose={() => setCreating(null)} />
    </>
  );
}

function SearchIcon() {
  return (
    <svg className={styles.icon} viewBox="0 0 16 16" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="1.6">
      <circle cx="7" cy="7" r="4.75" />
      <path d="m10.5 10.5 3.5 3.5" strokeLinecap="round" />
    </svg>
  );
}
