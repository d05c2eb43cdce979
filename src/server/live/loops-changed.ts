import type { LoopsListener } from "./loops-listener";

export type LoopsChange = { kind: "ready" | "changed"; at: string };

/** Bursts (a big batch projected in several commits) become one message per window. */
const COALESCE_MS = 150;

/**
 * The stream behind `live.loopsChanged`: "ready" once listening (so a client that reconnects
 * refetches what it may have missed), then "changed" whenever the org's loops changed.
 * Notifications that arrive while a message is being sent coalesce into the next one.
 */
export async function* loopsChanges(
  listener: LoopsListener,
  orgId: string,
  signal?: AbortSignal,
  clock: () => Date = () => new Date(),
): AsyncGenerator<LoopsChange> {
  let pending = false;
  let wake: (() => void) | null = null;
  const off = listener.subscribe(orgId, () => {
    pending = true;
    wake?.();
  });
  const onAbort = () => wake?.();
  signal?.addEventListener("abort", onAbort);
  try {
    await listener.ready();
    yield { kind: "ready", at: clock().toISOString() };
    while (!signal?.aborted) {
      if (!pending) await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
      if (signal?.aborted) break;
      await new Promise((r) => setTimeout(r, COALESCE_MS));
      pending = false;
      yield { kind: "changed", at: clock().toISOString() };
    }
  } finally {
    off();
    signal?.removeEventListener("abort", onAbort);
  }
}
