import type { LoopChange } from "~/domain/webhooks/topics";

/** API key scopes in words (Settings → API keys). */
export const SCOPE_WORDS: Record<"read" | "append" | "loops:write" | "act_as_users", { label: string; hint: string }> = {
  read: { label: "Read", hint: "loops, timelines, time travel, the activity feed" },
  append: { label: "Append events", hint: "record events (as a system or a client)" },
  "loops:write": { label: "Close loops", hint: "dismiss and resolve loops" },
  act_as_users: { label: "Act as users", hint: "record events in a teammate's name: for imports of history only" },
};

/** Loop notifications a webhook can subscribe to, in words. */
export const LOOP_CHANGE_WORDS: Record<LoopChange, string> = {
  opened: "A loop opened",
  escalated: "A loop became urgent",
  snoozed: "A loop was snoozed",
  woke: "A snooze ended",
  closed: "A loop was closed",
  reopened: "A loop was reopened",
};

/** Where a message stands, in the delivery log. */
export const DELIVERY_STATUS_WORDS: Record<"pending" | "delivered" | "dead", string> = {
  pending: "Retrying",
  delivered: "Delivered",
  dead: "Gave up",
};

/** A failed settings call in words: the server's message when it says what to fix, else a generic line. */
export function settingsErrorWords(err: unknown, doing: string): string {
  const e = err as { message?: string; data?: { code?: string } } | undefined;
  const code = e?.data?.code;
  if (code === "UNAUTHORIZED") return `Couldn't ${doing}: your session has ended. Sign in again.`;
  if ((code === "BAD_REQUEST" || code === "NOT_FOUND" || code === "CONFLICT" || code === "PRECONDITION_FAILED") && e?.message) return `Couldn't ${doing}: ${e.message}`;
  return `Couldn't ${doing}. Check your connection and try again.`;
}
