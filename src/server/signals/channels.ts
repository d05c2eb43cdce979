/**
 * The signals one process sends the others (and itself) through Postgres NOTIFY:
 * - eventsAppended: events were committed to the log (the workers run a pass);
 * - loopsChanged: the projector committed changes to these orgs' loops (the dashboards refetch).
 */
export const CHANNELS = { eventsAppended: "calm_events_appended", loopsChanged: "calm_loops_changed" } as const;
export type Channel = (typeof CHANNELS)[keyof typeof CHANNELS];

/** Which orgs a signal concerns; "all" after a rebuild, or when a listener may have missed some. */
export type SignalOrgs = string[] | "all";

/** NOTIFY payloads must stay under 8,000 bytes: past this many orgs a signal says "all". */
const MAX_ORGS = 100;

/** The NOTIFY payload: the sending process (so it can ignore its own) and the orgs. */
export function encodeSignal(from: string, orgs: SignalOrgs): string {
  return JSON.stringify({ from, orgs: orgs === "all" || orgs.length > MAX_ORGS ? "all" : orgs });
}

/** Unreadable payloads (another sender, a hand-typed NOTIFY) concern everyone. */
export function decodeSignal(payload: string | undefined): { from: string | null; orgs: SignalOrgs } {
  let v: unknown;
  try {
    v = JSON.parse(payload ?? "");
  } catch {
    return { from: null, orgs: "all" };
  }
  // A bare list of org ids is what the projector sent before signals carried their sender.
  const body = Array.isArray(v) ? { orgs: v } : (v as { from?: unknown; orgs?: unknown } | null);
  const from = typeof body?.from === "string" ? body.from : null;
  const orgs = body?.orgs;
  if (!Array.isArray(orgs) || orgs.length === 0 || !orgs.every((o) => typeof o === "string")) return { from, orgs: "all" };
  return { from, orgs: orgs as string[] };
}
