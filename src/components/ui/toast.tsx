"use client";

import { createContext, type ReactNode, useCallback, useContext, useEffect, useRef, useState } from "react";
import { keyBelongsElsewhere } from "./keys";
import styles from "./toast.module.css";

export type ToastTone = "info" | "error";
/** A button on the toast, e.g. Undo; `key` is its keyboard shortcut (a plain letter, as `u`). */
export type ToastAction = { label: string; onAction: () => void; key?: string };
type Toast = { id: number; message: string; tone: ToastTone; action?: ToastAction };
type Notify = (message: string, tone?: ToastTone, action?: ToastAction) => void;

const ToastContext = createContext<Notify | null>(null);
/** An offer to undo stays a little longer: reading the message and deciding takes a moment. */
const SHOW_MS = { info: 6_000, action: 10_000, error: 12_000 } as const;

/**
 * Messages that come and go, announced to screen readers (errors assertively). A toast may offer
 * one action (Undo) with a key of its own, which works while it shows and nothing is being typed.
 * The stack never covers the page's column where there is room beside it (toast.module.css); on
 * narrower screens the page gains room at its bottom while a toast shows (html[data-toasts]).
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);
  const remove = useCallback((id: number) => setToasts((ts) => ts.filter((t) => t.id !== id)), []);
  const notify = useCallback<Notify>(
    (message, tone = "info", action) => {
      const id = nextId.current++;
      setToasts((ts) => [...ts.slice(-2), { id, message, tone, action }]);
      setTimeout(() => remove(id), action ? SHOW_MS.action : SHOW_MS[tone]);
    },
    [remove],
  );

  useEffect(() => {
    const root = document.documentElement;
    if (toasts.length === 0) {
      delete root.dataset.toasts;
      return;
    }
    root.dataset.toasts = "";
    // What has the focus (the next loop, after a resolve) scrolls clear of the toast, if it must.
    const focused = document.activeElement;
    if (focused instanceof HTMLElement && focused !== document.body) focused.scrollIntoView({ block: "nearest" });
  }, [toasts.length]);

  // The newest toast's shortcut (u for Undo) runs its action once, and the toast goes.
  useEffect(() => {
    const withKey = [...toasts].reverse().find((t) => t.action?.key);
    if (!withKey) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== withKey.action!.key || keyBelongsElsewhere(e)) return;
      e.preventDefault();
      remove(withKey.id);
      withKey.action!.onAction();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [toasts, remove]);

  return (
    <ToastContext.Provider value={notify}>
      {children}
      <div className={styles.stack} data-testid="toasts">
        {/* Both live regions exist from the start: screen readers only announce changes to present regions. */}
        <div role="status" aria-live="polite" className={styles.region}>
          {toasts.filter((t) => t.tone === "info").map((t) => <ToastItem key={t.id} toast={t} onClose={remove} />)}
        </div>
        <div role="alert" aria-live="assertive" className={styles.region}>
          {toasts.filter((t) => t.tone === "error").map((t) => <ToastItem key={t.id} toast={t} onClose={remove} />)}
        </div>
      </div>
    </ToastContext.Provider>
  );
}

function ToastItem({ toast, onClose }: { toast: Toast; onClose: (id: number) => void }) {
  const { action } = toast;
  return (
    <div className={`${styles.toast} ${toast.tone === "error" ? styles.error : ""}`} data-testid="toast">
      <p className={styles.message}>{toast.message}</p>
      {action ? (
        <button
          type="button"
          className={styles.action}
          aria-keyshortcuts={action.key?.toUpperCase()}
          onClick={() => {
            onClose(toast.id);
            action.onAction();
          }}
        >
          {action.label}
          {action.key ? (
            <kbd className={styles.key} aria-hidden="true">
              {action.key}
            </kbd>
          ) : null}
        </button>
      ) : null}
      <button type="button" className={styles.close} onClick={() => onClose(toast.id)} aria-label="Close message">
        ×
      </button>
    </div>
  );
}

/** `const toast = useToast(); toast("Saved")`, `toast("Couldn't save", "error")`, or with an action: `toast("Resolved", "info", { label: "Undo", key: "u", onAction })`. */
export function useToast(): Notify {
  const notify = useContext(ToastContext);
  if (!notify) throw new Error("useToast needs a <ToastProvider> above it (see src/app/providers.tsx)");
  return notify;
}
