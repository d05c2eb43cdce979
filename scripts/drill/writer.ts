import { randomUUID } from "node:crypto";
import { sleep } from "./util";

/** One event the writer tried to append, and what became of it. */
export type WrittenEvent = {
  id: string;
  /** The drill's phase when it was first attempted. */
  phase: string;
  entityId: string;
  firstAttemptAt: number;
  ackedAt?: number;
  /** Acknowledged as `duplicate: true`: an earlier attempt had committed, its answer was lost. */
  duplicateAnswer?: boolean;
  /** The writer threw a 200 answer away on purpose, as if the network had lost it, and sent the request again. */
  answerDropped?: boolean;
};

export type WriterOptions = {
  baseUrl: string;
  apiKey: string;
  /** Events per second, singles and small batches alike (a steady, bounded rate). */
  rate: number;
  /** Requests in flight at most; a request being retried holds its lane, so an outage slows the writer down instead of piling up work. */
  lanes: number;
  phase: () => string;
  requestTimeoutMs?: number;
  /** The share of 200 answers thrown away and retried, as if lost on the way back: each retry must come back a duplicate. */
  dropAnswers?: number;
};

type Answer = { kind: "ok"; duplicates: Set<string> } | { kind: "retry"; outcome: string; waitMs?: number } | { kind: "refused"; outcome: string };

const ACTOR = { type: "system", id: randomUUID() } as const;

/**
 * A client appending at a steady rate through the production API (/api/trpc, API key), half single
 * appends, half batches of 2–5, retrying a failed request with the same body (same event ids)
 * until it is acknowledged: a retried append whose first attempt had committed must come back as
 * a duplicate, not as a second event. Faults lose answers only by chance, so a share of answers
 * (`dropAnswers`) is thrown away on purpose to make that case certain. What it saw (statuses,
 * network errors) is kept per phase.
 */
export function startWriter(o: WriterOptions) {
  const events = new Map<string, WrittenEvent>();
  const outcomes = new Map<string, Map<string, number>>();
  const refusals: string[] = [];
  const deals: string[] = []; // deals whose lead is acknowledged: notes go to them
  let stopping = false;
  let giveUpAt = Infinity;
  let nextSlot = Date.now();
  let n = 0;

  const count = (phase: string, outcome: string) => {
    const m = outcomes.get(phase) ?? new Map<string, number>();
    m.set(outcome, (m.get(outcome) ?? 0) + 1);
    outcomes.set(phase, m);
  };

  const newEvent = () => {
    const i = ++n;
    const onDeal = deals.length > 0 && Math.random() < 0.65 ? deals[Math.floor(Math.random() * deals.length)]! : null;
    const base = { id: randomUUID(), occurred_at: new Date().toISOString(), actor: ACTOR };
    return onDeal
      ? { ...base, event_type: "note_added", primary_entity: { type: "deal", id: onDeal }, payload: { text: `drill note ${i}` } }
      : { ...base, event_type: "lead_created", primary_entity: { type: "deal", id: randomUUID() }, payload: { name: `Drill lead ${i}`, source: "drill" } };
  };

  const send = async (path: string, body: string): Promise<Answer> => {
    try {
      const res = await fetch(`${o.baseUrl}/api/trpc/${path}`, {
        method: "POST",
        headers: { authorization: `Bearer ${o.apiKey}`, "content-type": "application/json" },
        body,
        signal: AbortSignal.timeout(o.requestTimeoutMs ?? 10_000),
      });
      const text = await res.text();
      if (res.status === 200) return { kind: "ok", duplicates: duplicatesIn(text) };
      const outcome = `HTTP ${res.status}`;
      if (res.status >= 500 || res.status === 429 || res.status === 408) {
        const retryAfter = Number(res.headers.get("retry-after"));
        return { kind: "retry", outcome, waitMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined };
      }
      return { kind: "refused", outcome: `${outcome}: ${text.slice(0, 300)}` };
    } catch (e) {
      const err = e as Error & { cause?: { code?: string } };
      return { kind: "retry", outcome: err.name === "TimeoutError" ? "timed out" : (err.cause?.code ?? err.name) };
    }
  };

  const lane = async () => {
    while (!stopping) {
      const batch = Math.random() < 0.5;
      const op = batch ? Array.from({ length: 2 + Math.floor(Math.random() * 4) }, newEvent) : [newEvent()];
      // The slot: k events take k/rate seconds of the writer's budget; no catching up after a stall.
      const at = Math.max(nextSlot, Date.now());
      nextSlot = at + (op.length * 1000) / o.rate;
      await sleep(at - Date.now());
      if (stopping) return;
      const phase = o.phase();
      for (const e of op) events.set(e.id, { id: e.id, phase, entityId: e.primary_entity.id, firstAttemptAt: Date.now() });
      const [path, body] = batch ? ["events.appendBatch", JSON.stringify({ events: op })] : ["events.append", JSON.stringify(op[0])];
      for (let attempt = 1; ; attempt++) {
        const answer = await send(path, body);
        if (answer.kind !== "ok") count(o.phase(), answer.outcome.replace(/:.*/s, ""));
        if (answer.kind === "ok" && attempt === 1 && Math.random() < (o.dropAnswers ?? 0)) {
          for (const e of op) events.get(e.id)!.answerDropped = true;
          count(o.phase(), "HTTP 200 thrown away on purpose");
          continue;
        }
        if (answer.kind === "ok") {
          const at = Date.now();
          count(o.phase(), "HTTP 200");
          for (const e of op) Object.assign(events.get(e.id)!, { ackedAt: at, duplicateAnswer: answer.duplicates.has(e.id) });
          for (const e of op) if (e.event_type === "lead_created") deals.push(e.primary_entity.id);
          break;
        }
        if (answer.kind === "refused") {
          refusals.push(`${path} ${answer.outcome}`);
          break;
        }
        if (Date.now() > giveUpAt) break;
        // Retry-After is honoured, but at most 1 s: the drill measures how soon writes come back.
        await sleep(Math.min(answer.waitMs ?? 100 * 2 ** (attempt - 1), 1000));
      }
    }
  };

  const running = Array.from({ length: o.lanes }, () => lane());
  return {
    events,
    outcomes,
    refusals,
    /** No new events; requests being retried continue until acknowledged or `graceMs` has passed. */
    stop: async (graceMs: number) => {
      stopping = true;
      giveUpAt = Date.now() + graceMs;
      await Promise.all(running);
    },
  };
}

/** The ids an append's answer reports as duplicates (single: {event, duplicate}; batch: {items}). */
function duplicatesIn(text: string): Set<string> {
  type Receipt = { event: { id: string }; duplicate: boolean };
  const data = (JSON.parse(text) as { result: { data: Receipt | { items: Receipt[] } } }).result.data;
  const receipts = "items" in data ? data.items : [data];
  return new Set(receipts.filter((r) => r.duplicate).map((r) => r.event.id));
}
