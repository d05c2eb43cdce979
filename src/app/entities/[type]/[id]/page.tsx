import { notFound } from "next/navigation";
import { z } from "zod";
import { EntityView } from "~/components/entity/entity-view";
import { parseMoment } from "~/components/entity/moments";
import { ENTITY_WORDS } from "~/components/words/entities";
import { entityType, uuid } from "~/domain/events";
import { requireSession } from "~/server/auth/page-session";
import { loadEntity } from "./load-entity";

type Props = {
  params: Promise<{ type: string; id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const refOf = z.object({ type: entityType, id: uuid });
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export async function generateMetadata({ params }: Props) {
  const ref = refOf.safeParse(await params);
  return { title: ref.success ? `${ENTITY_WORDS[ref.data.type]} · Calm` : "Not found · Calm" };
}

/** /entities/[type]/[id]: an entity's history, scrubbable in time, with forms to add to it. */
export default async function EntityPage({ params, searchParams }: Props) {
  const session = await requireSession();
  const ref = refOf.safeParse(await params);
  if (!ref.success) notFound();
  const q = await searchParams;
  const moment = parseMoment({ asOf: first(q.asOf), basis: first(q.basis) });
  const overview = await loadEntity(session, ref.data, moment);
  if (!overview) notFound();
  return <EntityView overview={overview} initialMoment={moment} />;
}
