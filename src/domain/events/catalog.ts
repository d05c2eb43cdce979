import { z } from "zod";
import * as p from "./payloads";
import { DEFAULT_PAYLOAD_LIMITS, type PayloadLimits, payloadProblem } from "./json-limits";
import { actor, entityType, isoInstant, uuid } from "./primitives";
import { snoozeUntilProblem } from "./snooze-window";

/**
 * The event catalog: one entry per event_type with the entity type it must be about and its
 * payload schema. Everything else (API input, UI forms, docs) is derived from this table.
 */
export const CATALOG = {
  lead_created: { entity: ["deal"], payload: p.leadCreated },
  quote_requested: { entity: ["deal"], payload: p.quoteRequested },
  quote_sent: { entity: ["deal"], payload: p.quoteSent },
  quote_accepted: { entity: ["deal"], payload: p.quoteAccepted },
  quote_rejected: { entity: ["deal"], payload: p.quoteRejected },
  invoice_issued: { entity: ["invoice"], payload: p.invoiceIssued },
  payment_received: { entity: ["invoice"], payload: p.paymentReceived },
  followup_scheduled: { entity: ["followup"], payload: p.followupScheduled },
  followup_sent: { entity: ["followup"], payload: p.followupSent },
  followup_dismissed: { entity: ["followup"], payload: p.followupDismissed },
  note_added: { entity: ["deal", "invoice", "client", "followup"], payload: p.noteAdded },
  loop_dismissed: { entity: ["deal", "invoice", "client", "followup"], payload: p.loopDismissed },
  loop_resolved: { entity: ["deal", "invoice", "client", "followup"], payload: p.loopResolved },
  // New types go last: the entity page packs event types as their index in this table (compact.ts).
  loop_snoozed: { entity: ["deal", "invoice", "client", "followup"], payload: p.loopSnoozed },
  loop_reopened: { entity: ["deal", "invoice", "client", "followup"], payload: p.loopReopened },
  client_created: { entity: ["client"], payload: p.clientCreated },
  client_updated: { entity: ["client"], payload: p.clientUpdated },
} as const satisfies Record<string, { entity: readonly z.infer<typeof entityType>[]; payload: z.ZodType }>;

export type EventType = keyof typeof CATALOG;
export const EVENT_TYPES = Object.keys(CATALOG) as EventType[];

/**
 * The payload's bounds and exactness (json-limits.ts) are checked on the raw value, iteratively,
 * before the payload's own schema (or anything else recursive) sees it.
 */
const boundedPayload = <S extends z.ZodType>(schema: S, limits: PayloadLimits) =>
  z
    .unknown()
    .superRefine((v, ctx) => {
      const problem = payloadProblem(v, limits);
      if (problem) ctx.addIssue({ code: "custom", message: problem.message, path: problem.path, input: v });
    })
    .pipe(schema);

/** loop_snoozed's `until` against its own occurred_at: a rule across the payload and the event, checked once both parsed. */
function checkSnoozeEnd(e: { occurred_at: string; payload: unknown }, ctx: z.RefinementCtx) {
  const until = (e.payload as { until: string }).until;
  // A malformed until (or occurred_at) is reported by its own format check, once.
  if (!isoInstant.safeParse(until).success || !isoInstant.safeParse(e.occurred_at).success) return;
  const problem = snoozeUntilProblem(Date.parse(until), Date.parse(e.occurred_at));
  if (problem) ctx.addIssue({ code: "custom", message: problem, path: ["payload", "until"], input: until });
}

function member<T extends EventType>(type: T, limits: PayloadLimits) {
  const def = CATALOG[type];
  const schema = z.object({
    id: uuid,
    /** Optional: the org comes from the credential; naming another one is refused. */
    org_id: uuid.optional(),
    event_type: z.literal(type),
    occurred_at: isoInstant,
    /** Optional with a dashboard session (the signed-in user); required with an API key. */
    actor: actor.optional(),
    primary_entity: z.object({
      id: uuid,
      type: z.enum(def.entity as unknown as [(typeof def.entity)[number], ...(typeof def.entity)[number][]], {
        message: `must be ${def.entity.map((e) => `'${e}'`).join(" or ")} for ${type}`,
      }),
    }),
    payload: boundedPayload(def.payload as unknown as z.ZodType<z.infer<(typeof CATALOG)[T]["payload"]>>, limits),
    /** Record time is the server's clock; a value sent in is accepted and ignored. */
    created_at: isoInstant.optional(),
  });
  return type === "loop_snoozed" ? schema.superRefine(checkSnoozeEnd) : schema;
}

type Member = { [T in EventType]: ReturnType<typeof member<T>> }[EventType];

/**
 * One member per catalog entry, in catalog order: the union is the catalog, not a second list.
 * The server builds it with its configured payload limits; systemEventInput has the defaults.
 */
export const eventInputSchema = (limits: PayloadLimits) =>
  z.discriminatedUnion("event_type", EVENT_TYPES.map((type) => member(type, limits)) as unknown as [Member, ...Member[]]);

export const systemEventInput = eventInputSchema(DEFAULT_PAYLOAD_LIMITS);

/** An event as a client sends it. */
export type SystemEventInput = z.infer<typeof systemEventInput>;
export type PayloadOf<T extends EventType> = z.infer<(typeof CATALOG)[T]["payload"]>;

/** An event as stored in the log: org, actor and record time are always known. */
export type LoggedEvent = {
  [T in EventType]: Omit<Extract<SystemEventInput, { event_type: T }>, "org_id" | "actor" | "created_at"> & {
    org_id: string;
    actor: z.infer<typeof actor>;
    created_at: string;
    position: number;
    entity_version: number;
  };
}[EventType];

export type LoggedEventOf<T extends EventType> = Extract<LoggedEvent, { event_type: T }>;
