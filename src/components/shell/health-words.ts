/** The parts of system.health the status line reads (the probe may grow sections; all optional). */
export type HealthView = {
  status?: "ok" | "degraded" | "down";
  database?: { up?: boolean };
  redis?: { configured?: boolean; up?: boolean };
  subscribers?: { id: string; lagEvents: number; lagSeconds: number }[];
  relay?: unknown;
};

export type StatusWords = { tone: "ok" | "busy" | "warn"; text: string };

/** Past this many seconds behind, the projection is "lagging" rather than "catching up" (health.ts: LAG_WARN_SECONDS). */
const LAG_WARN_SECONDS = 60;

const events = (n: number) => `${n.toLocaleString("en")} event${n === 1 ? "" : "s"}`;

/** One calm line: is the dashboard up to date, and is the relay to automations running? */
export function describeHealth(health: HealthView | undefined, unreachable: boolean): StatusWords {
  if (!health) return unreachable ? { tone: "warn", text: "Can't reach the server" } : { tone: "busy", text: "Checking…" };
  if (health.database?.up === false) return { tone: "warn", text: "Database unreachable" };
  const parts: string[] = [];
  let tone: StatusWords["tone"] = "ok";
  // The dashboard's own figure: the open loops (the time machine's history has its own lag).
  const worst = [...(health.subscribers ?? [])].filter((s) => s.id === "open-loops").sort((a, b) => b.lagEvents - a.lagEvents)[0];
  if (!worst || worst.lagEvents === 0) parts.push("Caught up");
  else if (worst.lagSeconds > LAG_WARN_SECONDS) {
    parts.push(`Lagging ${events(worst.lagEvents)}`);
    tone = "warn";
  } else {
    parts.push(`Catching up: ${events(worst.lagEvents)}`);
    tone = "busy";
  }
  if (health.redis && !health.redis.configured) parts.push("relay off");
  else if (health.redis?.up === false) {
    parts.push("Redis unreachable");
    tone = "warn";
  } else {
    const relayLag = relayLagOf(health.relay);
    if (relayLag > 0) parts.push(`relay ${events(relayLag)} behind`);
  }
  return { tone, text: parts.join(" · ") };
}

/** The relay's section is optional and owned elsewhere: read a lag count if one is there. */
function relayLagOf(relay: unknown): number {
  if (!relay || typeof relay !== "object") return 0;
  const lag = (relay as { lagEvents?: unknown }).lagEvents;
  return typeof lag === "number" && lag > 0 ? lag : 0;
}
