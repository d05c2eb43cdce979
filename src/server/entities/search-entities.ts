import type pg from "pg";
import type { EntityType } from "~/domain/events";
import { ENTITY_ROW_COLUMNS, type EntityItem, type EntityRow, refKey, toItems } from "./entity-items";

export type Matched = "name" | "number" | "email";
export type SearchItem = EntityItem & { matched?: Matched };
export type SearchQuery = { q: string; type?: EntityType; limit: number };

/** The events that name an entity: their calm_search_text is indexed (migration 20261202000000). */
const NAMING = "event_type IN ('lead_created', 'invoice_issued', 'client_created', 'client_updated')";
/** Substring candidates looked at per search: a common fragment matches thousands; these are ranked. */
const CANDIDATES = 100;
/** Shorter terms match as beginnings only: of the whole value (B-tree), or of a word in it (trigram, from two characters). */
const TRIGRAM = 3;

type Ref = { type: EntityType; id: string };

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Entities whose naming events match, as (type, id): whole-value prefixes in order by the B-tree,
 * and by the trigram index substrings (or, for a two-character term, words that start with it).
 */
async function candidates(db: pg.Pool, orgId: string, term: string, type: EntityType | null, limit: number): Promise<Ref[]> {
  const prefix = db.query<Ref>(
    `SELECT primary_entity_type AS type, primary_entity_id AS id FROM system_events
      WHERE org_id = $1 AND ${NAMING} AND calm_search_text(event_type, payload) LIKE $2
        AND ($3::text IS NULL OR primary_entity_type = $3)
      ORDER BY calm_search_text(event_type, payload) USING ~<~ LIMIT $4`,
    [orgId, `${likeEscape(term)}%`, type, limit],
  );
  // One character has no trigram to look up: the whole-value prefixes above are all there is.
  const pattern = term.length >= TRIGRAM ? `%${likeEscape(term)}%` : term.length === 2 ? `% ${likeEscape(term)}%` : null;
  const inside = pattern
    ? db.query<Ref>("SELECT type, id FROM calm_search_candidates($1, $2, $3, $4)", [orgId, pattern, type, CANDIDATES])
    : Promise.resolve({ rows: [] as Ref[] });
  const [a, b] = await Promise.all([prefix, inside]);
  return [...new Map([...a.rows, ...b.rows].map((r) => [refKey(r), r])).values()];
}

/**
 * How well the term ($5, LIKE-escaped) matches each candidate as it is now (a renamed client no
 * longer matches its old name): 0 the start of the value, 1 the start of a word in it, 2 inside
 * it (with $6: three characters or more); the best field is the one that matched.
 */
const RANKED = `CROSS JOIN LATERAL (
    SELECT f.matched, CASE WHEN f.v LIKE $5 || '%' THEN 0
                           WHEN ' ' || translate(f.v, '@.,-', '    ') LIKE '% ' || $5 || '%' THEN 1
                           WHEN $6 AND f.v LIKE '%' || $5 || '%' THEN 2 END AS score
      FROM (VALUES (1, 'name', lower(CASE WHEN e.type IN ('deal', 'client') THEN e.state->>'name' END)),
                   (2, 'number', lower(CASE WHEN e.type = 'invoice' THEN e.state->>'number' END)),
                   (3, 'email', lower(CASE WHEN e.type = 'client' THEN e.state->>'email' END))) AS f(ord, matched, v)
     WHERE f.v IS NOT NULL ORDER BY score NULLS LAST, f.ord LIMIT 1) r`;

/**
 * The org's entities found by a lead's or client's name, an invoice's number or a client's email:
 * case-insensitive, beginnings first (of the whole value, then of a word in it), then parts (three
 * characters or more), each by recent activity. Entities the projector has not yet seen are left out.
 */
export async function searchEntities(db: pg.Pool, orgId: string, q: SearchQuery): Promise<{ items: SearchItem[] }> {
  const term = q.q.trim().toLowerCase();
  const refs = await candidates(db, orgId, term, q.type ?? null, q.limit);
  if (refs.length === 0) return { items: [] };
  const res = await db.query<EntityRow & { matched: Matched }>(
    `SELECT ${ENTITY_ROW_COLUMNS}, r.matched FROM entities e
       JOIN unnest($2::text[], $3::uuid[]) AS k(type, id) ON e.type = k.type AND e.id = k.id
       ${RANKED}
       JOIN system_events s ON s.position = e.last_position
      WHERE e.org_id = $1 AND r.score IS NOT NULL
      ORDER BY r.score, e.last_position DESC LIMIT $4`,
    [orgId, refs.map((r) => r.type), refs.map((r) => r.id), q.limit, likeEscape(term), term.length >= TRIGRAM],
  );
  const items = await toItems(db, res.rows);
  return { items: items.map(({ item }, i) => ({ ...item, matched: res.rows[i]!.matched })) };
}
