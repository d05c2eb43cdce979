"use client";

import { type ReactNode, useCallback, useEffect, useId, useImperativeHandle, useRef, useState } from "react";
import styles from "./menu.module.css";

export type MenuItem = { key: string; label: ReactNode; /** Said after the label, quieter (a time, a shortcut). */ detail?: ReactNode; onSelect: () => void };

export type MenuHandle = { open: (focus?: "first" | "last") => void };

type Props = {
  /** The button's own content and accessible name. */
  label: ReactNode;
  ariaLabel?: string;
  items: MenuItem[];
  buttonClassName?: string;
  /** Where the popup lines up with its button. */
  align?: "start" | "end";
  ref?: React.Ref<MenuHandle>;
  describedBy?: string;
};

/**
 * A menu button (WAI-ARIA APG "menu button"): Enter, Space or ArrowDown opens it on the first item,
 * ArrowUp on the last; arrows, Home and End move, a letter jumps to the next item starting with it,
 * Enter picks, Escape closes and gives the focus back to the button; Tab or a click outside closes.
 */
export function MenuButton({ label, ariaLabel, items, buttonClassName, align = "start", ref, describedBy }: Props) {
  const id = useId();
  const [open, setOpen] = useState<false | "first" | "last">(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLUListElement>(null);
  const itemEls = () => [...(menu.current?.querySelectorAll<HTMLElement>("[role=menuitem]") ?? [])];

  const close = useCallback((refocus: boolean) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  }, []);
  useImperativeHandle(ref, () => ({ open: (focus = "first") => setOpen(focus) }), []);

  useEffect(() => {
    if (!open) return;
    const els = itemEls();
    (open === "last" ? els.at(-1) : els[0])?.focus();
    const outside = (e: PointerEvent) => {
      const t = e.target as Node;
      if (!menu.current?.contains(t) && !button.current?.contains(t)) close(false);
    };
    document.addEventListener("pointerdown", outside);
    return () => document.removeEventListener("pointerdown", outside);
  }, [open, close]);

  const onMenuKey = (e: React.KeyboardEvent) => {
    const els = itemEls();
    const at = els.indexOf(document.activeElement as HTMLElement);
    const go = (i: number) => els[(i + els.length) % els.length]?.focus();
    if (e.key === "ArrowDown") go(at + 1);
    else if (e.key === "ArrowUp") go(at - 1);
    else if (e.key === "Home") go(0);
    else if (e.key === "End") go(els.length - 1);
    else if (e.key === "Escape") close(true);
    else if (e.key === "Tab") return close(false);
    else if (e.key.length === 1 && /\S/.test(e.key)) {
      const k = e.key.toLowerCase();
      const order = [...els.slice(at + 1), ...els.slice(0, at + 1)];
      order.find((el) => el.textContent?.trim().toLowerCase().startsWith(k))?.focus();
    } else return;
    e.preventDefault();
    e.stopPropagation();
  };

  const pick = (item: MenuItem) => {
    close(true);
    item.onSelect();
  };

  return (
    <div className={styles.wrap}>
      <button
        ref={button}
        type="button"
        id={`${id}-button`}
        className={buttonClassName}
        aria-haspopup="menu"
        aria-expanded={open ? true : false}
        aria-controls={open ? `${id}-menu` : undefined}
        aria-label={ariaLabel}
        aria-describedby={describedBy}
        onClick={() => setOpen(open ? false : "first")}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown" || e.key === "ArrowUp") {
            e.preventDefault();
            setOpen(e.key === "ArrowUp" ? "last" : "first");
          }
        }}
      >
        {label}
      </button>
      {open ? (
        <ul ref={menu} id={`${id}-menu`} role="menu" aria-labelledby={`${id}-button`} className={styles.menu} data-align={align} onKeyDown={onMenuKey}>
          {items.map((item) => (
            <li
              key={item.key}
              role="menuitem"
              tabIndex={-1}
              className={styles.item}
              onClick={() => pick(item)}
              onKeyDown={(e) => {
                if (e.key === "Enter" || e.key === " ") {
                  e.preventDefault();
                  pick(item);
                }
              }}
            >
              <span>{item.label}</span>
              {item.detail ? (
                <span className={styles.detail}>
                  <span className="visually-hidden">, </span>
                  {item.detail}
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
