import { TRPCError } from "@trpc/server";
import type { EntityType } from "~/domain/events";
import { entityDisplayName, type EntityState } from "~/domain/entities";
import type { LoopType } from "~/domain/loops";
import { momentView } from "~/components/entity/moment-view";
import type { Moment } from "~/components/entity/moments";
import type { EntityOverview } from "~/components/entity/overview";
import { replayAsOf } from "~/domain/time-travel";
import { getPool } from "~/server/db/pool";
import { createInnerContext } from "~/server/trpc/context";
import { createCaller } from "~/server/trpc/root";

/** Events rendered with the page; the list fetches the rest as it scrolls. */
const FIRST_PAGE = 50;

type Viewer = { orgId: string; userId: string; name?: string };

/**
 * The entity page's data, read through the API's own caller so org scoping is the API's:
 * another org's entity, or one with no events, is null (the page shows not-found).
 */
export async function loadEntity(
  viewer: Viewer,
  ref: { type: EntityType; id: string },
  moment: Moment,
): Promise<EntityOverview | null> {
  const caller = createCaller(
    createInnerContext({
      caller: { kind: "session", orgId: viewer.orgId, userId: viewer.userId, actor: { id: viewer.userId, type: "user" }, name: viewer.name },
    }),
  );
  const now = new Date();
  let replay;
  try {
    // Everything recorded so far, folded now: the full log and every loop the entity ever had.
    replay = await caller.entities.asOf({ ...ref, asOf: now.toISOString(), basis: "recorded" });
  } catch (e) {
    if (e instanceof TRPCError && e.code === "NOT_FOUND") return null;
    throw e;
  }
  const db = getPool();
  const [firstPage, people, followups, about] = await Promise.all([
    caller.entities.timeline({ ...ref, limit: FIRST_PAGE }),
    db.query<{ id: string; name: string }>("SELECT id, name FROM users WHERE org_id = $1", [viewer.orgId]),
    db.query<{ id: string; display_name: string; status: string | null }>(
      `SELECT id, display_name, state->>'status' AS status FROM entities
        WHERE org_id = $1 AND type = 'followup' AND state->'about'->>'id' = $2 AND state->'about'->>'type' = $3
        ORDER BY updated_at DESC LIMIT 20`,
      [viewer.orgId, ref.id, ref.type],
    ),
    aboutOf(viewer.orgId, replay.state),
  ]);
  const { state, events, loops } = replay;
  // The moment the URL asks for, by the same pure replay the API runs (no second fold when "now"
  // keeps the same events either way: nothing dated in the future).
  const sameAsNow = moment.at === null && (moment.basis === "recorded" || events.every((e) => Date.parse(e.occurred_at) <= now.getTime()));
  const initial = sameAsNow ? replay : replayAsOf(events, new Date(moment.at ?? now.getTime()), moment.basis);
  return {
    ...ref,
    title: state ? entityDisplayName(state) : ref.type,
    currency: currencyOf(state),
    about,
    occurred: events.map((e) => Date.parse(e.occurred_at)),
    recorded: events.map((e) => Date.parse(e.created_at)),
    eventTypes: events.map((e) => e.event_type),
    loopTypes: Object.fromEntries(loops.map((l) => [l.id, l.type as LoopType])),
    people: Object.fromEntries(people.rows.map((p) => [p.id, p.name])),
    viewerId: viewer.userId,
    initial: momentView(initial, moment.at, moment.basis),
    firstPage,
    followups: followups.rows.map((f) => ({ id: f.id, title: f.display_name, status: f.status })),
  };
}

function currencyOf(state: EntityState | null): string | null {
  if (state?.entity_type === "invoice") return state.currency;
  if (state?.entity_type === "deal") return state.quote.currency;
  return null;
}

async function aboutOf(orgId: string, state: EntityState | null): Promise<EntityOverview["about"]> {
  if (state?.entity_type !== "followup" || !state.about) return null;
  const { type, id } = state.about;
  const res = await getPool().query<{ display_name: string }>(
    "SELECT display_name FROM entities WHERE org_id = $1 AND type = $2 AND id = $3",
    [orgId, type, id],
  );
  return { type: type as EntityType, id, title: res.rows[0]?.display_name ?? `${type} ${id.slice(0, 8)}` };
}
