/**
 * Group commit for single-event appends. Under concurrent load, single appends of one org that
 * arrive while that org's earlier appends are still in the database wait for the next round trip
 * and go together as one call: fewer statements, commits and wake-ups for the same events. Each
 * request keeps its own answer: when a group is refused or fails, every request in it is run
 * again on its own, so one client's conflict never becomes its neighbour's error.
 *
 * Alone (no other append of the org in flight) a request is sent at once: nothing waits on a timer.
 */
export type Coalescer<I, O> = { submit(key: string, item: I): Promise<O> };

export function createCoalescer<I, O>(opts: {
  /** Calls of one key in flight at once; requests beyond wait and are grouped. */
  maxInFlight: number;
  /** Items per grouped call. */
  maxGroup: number;
  /** One call for several items, answers in the same order; throws if any item is refused. */
  runGroup: (key: string, items: I[]) => Promise<O[]>;
  /** One call for one item: its own answer or its own error. */
  runOne: (key: string, item: I) => Promise<O>;
}): Coalescer<I, O> {
  type Waiter = { item: I; resolve: (o: O) => void; reject: (e: unknown) => void };
  type Lane = { inFlight: number; queue: Waiter[] };
  const lanes = new Map<string, Lane>();

  function pump(key: string, lane: Lane) {
    while (lane.inFlight < opts.maxInFlight && lane.queue.length > 0) {
      const group = lane.queue.splice(0, opts.maxGroup);
      lane.inFlight++;
      void flush(key, group).finally(() => {
        lane.inFlight--;
        if (lane.inFlight === 0 && lane.queue.length === 0) lanes.delete(key);
        else pump(key, lane);
      });
    }
  }

  async function flush(key: string, group: Waiter[]) {
    if (group.length === 1) {
      const [w] = group as [Waiter];
      await opts.runOne(key, w.item).then(w.resolve, w.reject);
      return;
    }
    let answers: O[] | null = null;
    try {
      answers = await opts.runGroup(key, group.map((w) => w.item));
    } catch {
      // Refused or failed as a whole: each request again on its own, for its own answer.
      await Promise.all(group.map((w) => opts.runOne(key, w.item).then(w.resolve, w.reject)));
      return;
    }
    group.forEach((w, i) => w.resolve(answers[i]!));
  }

  return {
    submit(key, item) {
      return new Promise<O>((resolve, reject) => {
        let lane = lanes.get(key);
        if (!lane) lanes.set(key, (lane = { inFlight: 0, queue: [] }));
        lane.queue.push({ item, resolve, reject });
        pump(key, lane);
      });
    },
  };
}
