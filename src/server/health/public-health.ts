import { type Health, LAG_WARN_SECONDS } from "./check-health";

/**
 * What anyone may read of the health report (GET /api/health, system.health): one status word per
 * part, nothing else — no error text (it named internal addresses), no stream positions, no
 * transaction ids or ages. The full report (health.detailed) is for the operator: the worker
 * secret or a signed-in session (detailed-access.ts).
 */
export type PublicHealth = { status: Health["status"]; checkedAt: string } & { [K in keyof typeof PUBLIC_WORDS]: ReturnType<(typeof PUBLIC_WORDS)[K]> };

type Section = Record<string, unknown> | undefined;
const section = (h: Health, key: string): Section => (h[key] && typeof h[key] === "object" ? (h[key] as Record<string, unknown>) : undefined);

/**
 * One entry per public word, each read off the full report. To show another part publicly, add
 * its word here (words only: a figure belongs in the full report).
 */
const lagWord = (h: Health, id: string): "ok" | "lagging" | "unknown" =>
  !h.database.up ? "unknown" : h.subscribers.some((s) => s.id === id && s.lagSeconds > LAG_WARN_SECONDS) ? "lagging" : "ok";

export const PUBLIC_WORDS = {
  database: (h: Health): "up" | "down" => (h.database.up ? "up" : "down"),
  redis: (h: Health): "up" | "down" | "off" => (!h.redis.configured ? "off" : h.redis.up ? "up" : "down"),
  projector: (h: Health): "ok" | "lagging" | "unknown" => lagWord(h, "open-loops"),
  timeMachine: (h: Health): "ok" | "lagging" | "unknown" => lagWord(h, "loop-history"),
  relay: (h: Health): "ok" | "lagging" | "off" | "unknown" => {
    const relay = section(h, "relay");
    if (!relay?.configured) return "off";
    if (typeof relay.lagSeconds !== "number") return "unknown";
    return relay.lagSeconds > LAG_WARN_SECONDS || typeof relay.failingPasses === "number" && relay.failingPasses > 0 ? "lagging" : "ok";
  },
  delivery: (h: Health): "ok" | "retrying" | "unavailable" | "off" => {
    const status = section(h, "delivery")?.status;
    return status === "ok" || status === "retrying" || status === "unavailable" ? status : "off";
  },
};

export function publicHealth(h: Health): PublicHealth {
  const words = Object.fromEntries(Object.entries(PUBLIC_WORDS).map(([k, word]) => [k, word(h)]));
  return { status: h.status, ...words, checkedAt: h.checkedAt } as PublicHealth;
}
