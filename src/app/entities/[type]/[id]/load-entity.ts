import { TRPCError } from "@trpc/server";
import { packInstants, packTypes } from "~/components/entity/compact";
import { momentView } from "~/components/entity/moment-view";
import type { Moment } from "~/components/entity/moments";
import type { EntityOverview } from "~/components/entity/overview";
import { type EntityFacts, entityDisplayName } from "~/domain/entities";
import { type EntityType, uuid } from "~/domain/events";
import type { LoopType } from "~/domain/loops";
import { replayAsOf } from "~/domain/time-travel";
import { pageCaller, type Viewer } from "~/server/trpc/page-caller";

/** Events rendered with the page; the list fetches the rest as it scrolls. */
const FIRST_PAGE = 50;

/**
 * The entity page's data, read through the API's own caller so org scoping is the API's:
 * another org's entity, or one with no events, is null (the page shows not-found).
 */
export async function loadEntity(viewer: Viewer, ref: { type: EntityType; id: string }, moment: Moment): Promise<EntityOverview | null> {
  const caller = pageCaller(viewer);
  const now = new Date();
  // Started together: the page waits for the slowest read, not for their sum.
  const people = caller.org.people();
  const followups = caller.entities.followups(ref);
  let replay, firstPage;
  try {
    // Everything recorded so far, folded now: the full log and every loop the entity ever had.
    [replay, firstPage] = await Promise.all([
      caller.entities.asOf({ ...ref, asOf: now.toISOString(), basis: "recorded" }),
      caller.entities.timeline({ ...ref, limit: FIRST_PAGE }),
    ]);
  } catch (e) {
    void Promise.allSettled([people, followups]);
    if (e instanceof TRPCError && e.code === "NOT_FOUND") return null;
    throw e;
  }
  const { state, events, loops } = replay;
  // The moment the URL asks for, by the same pure replay the API runs (no second fold when "now"
  // keeps the same events either way: nothing dated in the future).
  const sameAsNow = moment.at === null && (moment.basis === "recorded" || events.every((e) => Date.parse(e.occurred_at) <= now.getTime()));
  const initial = sameAsNow ? replay : replayAsOf(events, new Date(moment.at ?? now.getTime()), moment.basis);
  return {
    ...ref,
    title: state ? entityDisplayName(state) : ref.type,
    currency: currencyOf(state),
    about: await subjectOf(caller, state),
    for: await relatedOf(caller, state),
    packed: {
      occurred: packInstants(events.map((e) => Date.parse(e.occurred_at))),
      recorded: packInstants(events.map((e) => Date.parse(e.created_at))),
      types: packTypes(events.map((e) => e.event_type)),
    },
    loopTypes: Object.fromEntries(loops.map((l) => [l.id, l.type as LoopType])),
    people: await people,
    viewerId: viewer.userId,
    initial: momentView(initial, moment.at, moment.basis),
    firstPage,
    followups: await followups,
  };
}

/** A follow-up's subject, named as the dashboard names it. */
async function subjectOf(caller: ReturnType<typeof pageCaller>, state: EntityFacts | null): Promise<EntityOverview["about"]> {
  if (state?.entity_type !== "followup" || !state.about) return null;
  // The catalog validated the subject when the follow-up was scheduled: an entity type and a uuid.
  const type = state.about.type as EntityType;
  const { id } = state.about;
  const { name } = await caller.entities.displayName({ type, id });
  return { type, id, title: name ?? `${type} ${id.slice(0, 8)}` };
}

/** A deal's or an invoice's client, an invoice's deal: named as the directory names them ("unknown client" until one is created). */
async function relatedOf(caller: ReturnType<typeof pageCaller>, state: EntityFacts | null): Promise<EntityOverview["for"]> {
  if (state?.entity_type !== "deal" && state?.entity_type !== "invoice") return [];
  const refs: { type: EntityType; id: string }[] = [];
  if (state.client_id && uuid.safeParse(state.client_id).success) refs.push({ type: "client", id: state.client_id });
  if (state.entity_type === "invoice" && state.deal_id && uuid.safeParse(state.deal_id).success) refs.push({ type: "deal", id: state.deal_id });
  return Promise.all(
    refs.map(async (r) => {
      const { name } = await caller.entities.displayName(r);
      return { ...r, title: name ?? (r.type === "client" ? "an unknown client" : `deal ${r.id.slice(0, 8)}`) };
    }),
  );
}

function currencyOf(state: EntityFacts | null): string | null {
  if (state?.entity_type === "invoice") return state.currency;
  if (state?.entity_type === "deal") return state.quote.currency;
  return null;
}
