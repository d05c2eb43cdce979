import { CHANNELS } from "../signals/channels";
import { pgListenerFor } from "../signals/pg-listener";
import { onSignal } from "../signals/process-signals";

export type LoopsChange = { kind: "ready" | "changed"; at: string };

/** Bursts (a big batch projected in several commits) become one message per window. */
const COALESCE_MS = 150;

/**
 * The stream behind `live.loopsChanged` for one org of database `db` (its connection string):
 * "ready" once listening (so a client that reconnects refetches what it may have missed), then
 * "changed" whenever the org's loops changed, whichever process projected them (this one's
 * projector tells it in-process, the others' by NOTIFY: signals/). The first change after a quiet
 * spell goes out at once; changes within COALESCE_MS of the last message wait for the window's end
 * and go as one, as do those arriving while a message is being sent.
 */
export async function* loopsChanges(
  db: string,
  orgId: string,
  signal?: AbortSignal,
  clock: () => Date = () => new Date(),
): AsyncGenerator<LoopsChange> {
  let pending = false;
  let wake: (() => void) | null = null;
  const off = onSignal(
    db,
    CHANNELS.loopsChanged,
    () => {
      pending = true;
      wake?.();
    },
    orgId,
  );
  const listener = pgListenerFor(db);
  const release = listener.listen(CHANNELS.loopsChanged);
  const onAbort = () => wake?.();
  signal?.addEventListener("abort", onAbort);
  try {
    await listener.ready();
    yield { kind: "ready", at: clock().toISOString() };
    let lastSent = Number.NEGATIVE_INFINITY;
    while (!signal?.aborted) {
      if (!pending) await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
      if (signal?.aborted) break;
      const wait = lastSent + COALESCE_MS - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      pending = false;
      lastSent = performance.now();
      yield { kind: "changed", at: clock().toISOString() };
    }
  } finally {
    off();
    release();
    signal?.removeEventListener("abort", onAbort);
  }
}
