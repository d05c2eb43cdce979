/**
 * A batch is prepared (folded, derived, serialized) while the batch before it is written on another
 * connection, and every statement that connection sends waits for the event loop: a fold that holds
 * the loop for tens of milliseconds leaves the writer idle as long (bench:projector: the writer's
 * connection was busy half of its time). This yields once `everyMs` have passed since the last yield.
 */
export function yielder(everyMs = 2): () => Promise<void> | undefined {
  let last = performance.now();
  return () => {
    if (performance.now() - last < everyMs) return undefined;
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        last = performance.now();
        resolve();
      }),
    );
  };
}
