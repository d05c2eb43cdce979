"use client";

import { createContext, type ReactNode, useCallback, useContext, useRef, useState } from "react";
import styles from "./toast.module.css";

export type ToastTone = "info" | "error";
type Toast = { id: number; message: string; tone: ToastTone };
type Notify = (message: string, tone?: ToastTone) => void;

const ToastContext = createContext<Notify | null>(null);
const SHOW_MS = { info: 6_000, error: 12_000 } as const;

/** Messages that come and go, announced to screen readers (errors assertively). */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);
  const remove = useCallback((id: number) => setToasts((ts) => ts.filter((t) => t.id !== id)), []);
  const notify = useCallback<Notify>(
    (message, tone = "info") => {
      const id = nextId.current++;
      setToasts((ts) => [...ts.slice(-2), { id, message, tone }]);
      setTimeout(() => remove(id), SHOW_MS[tone]);
    },
    [remove],
  );
  return (
    <ToastContext.Provider value={notify}>
      {children}
      <div className={styles.stack}>
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
  return (
    <div className={`${styles.toast} ${toast.tone === "error" ? styles.error : ""}`} data-testid="toast">
      <p className={styles.message}>{toast.message}</p>
      <button type="button" className={styles.close} onClick={() => onClose(toast.id)} aria-label="Close message">
        ×
      </button>
    </div>
  );
}

/** `const toast = useToast(); toast("Saved")` or `toast("Couldn't save", "error")`. */
export function useToast(): Notify {
  const notify = useContext(ToastContext);
  if (!notify) throw new Error("useToast needs a <ToastProvider> above it (see src/app/providers.tsx)");
  return notify;
}
