import type pg from "pg";
import { AppError } from "../errors";
import type { AppendInput, Appender } from "./append";

/** The API key scope that lets a key record events in a user's name (for imports of history). */
export const ACT_AS_USERS_SCOPE = "act_as_users";

/**
 * Who an API key may name as an event's actor: `system` and `client` actors freely; a `user` only
 * when the key carries the act_as_users scope, and then only a user of the key's org. Without
 * this, any key could make the feed say "by You" to a teammate. A session needs no check: its
 * actor is always the signed-in user (append.ts), whatever the body says.
 * Costs one query, and only for a request that names a user actor with an API key.
 */
export async function refuseForbiddenActors(
  db: pg.Pool,
  who: Appender,
  inputs: readonly AppendInput[],
  pathPrefix: (string | number)[] = [],
): Promise<void> {
  if (who.sessionActor || !who.apiKeyId) return;
  const isBatch = pathPrefix.length > 0 || inputs.length > 1;
  const named = inputs.flatMap((input, i) => (input.actor?.type === "user" ? [{ id: input.actor.id, path: isBatch ? [...pathPrefix, i] : pathPrefix }] : []));
  if (named.length === 0) return;
  const res = await db.query<{ may: boolean; members: string[] }>(
    `SELECT $3 = ANY(k.scopes) AS may,
            ARRAY(SELECT u.id::text FROM users u WHERE u.org_id = k.org_id AND u.id = ANY($4::uuid[])) AS members
       FROM api_keys k WHERE k.id = $1 AND k.org_id = $2`,
    [who.apiKeyId, who.orgId, ACT_AS_USERS_SCOPE, [...new Set(named.map((n) => n.id))]],
  );
  const key = res.rows[0];
  if (!key?.may) {
    throw new AppError(
      "actor_forbidden",
      `an API key may name a user as actor only with the ${ACT_AS_USERS_SCOPE} scope; use actor type system or client`,
      [...named[0]!.path, "actor"],
    );
  }
  const members = new Set(key.members);
  const stranger = named.find((n) => !members.has(n.id));
  if (stranger) throw new AppError("actor_forbidden", "actor.id names no user of this organisation", [...stranger.path, "actor", "id"]);
}
