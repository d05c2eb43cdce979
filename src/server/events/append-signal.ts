type Listener = (orgId: string) => void;
const listeners = new Set<Listener>();

/**
 * In-process signal after each committed append. The worker subscribes to run a bounded
 * projector pass; listeners must not throw or block (fire-and-forget).
 */
export const appendSignal = {
  on(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  emit(orgId: string): void {
    for (const l of listeners) {
      try {
        l(orgId);
      } catch (e) {
        process.stderr.write(`[append-signal] listener failed: ${String(e)}\n`);
      }
    }
  },
};
