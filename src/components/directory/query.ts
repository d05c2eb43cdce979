import { ENTITY_TYPES, type EntityType } from "~/domain/events";

/** The directory's address: /entities?type=client&q=ada (both optional). */
export type DirectoryQuery = { type: EntityType | null; q: string };

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export function parseDirectoryQuery(params: Record<string, string | string[] | undefined>): DirectoryQuery {
  const t = first(params.type);
  const q = (first(params.q) ?? "").slice(0, 200);
  return { type: ENTITY_TYPES.find((e) => e === t) ?? null, q };
}

export function directoryHref({ type, q }: DirectoryQuery): string {
  const p = new URLSearchParams();
  if (type) p.set("type", type);
  if (q.trim()) p.set("q", q.trim());
  const s = p.toString();
  return s ? `/entities?${s}` : "/entities";
}
