import { parseSince } from "~/components/dashboard/since";
import { SinceView } from "~/components/dashboard/since-view";
import { requireSession } from "~/server/auth/page-session";

export const metadata = { title: "What changed · Calm" };

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** /since?from=…&basis=…: the loop changes since a moment (by default your last visit) until now. */
export default async function Since({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await requireSession();
  const q = await searchParams;
  return (
    <main className="page">
      <SinceView initial={parseSince({ from: first(q.from), basis: first(q.basis) }, Date.now())} userId={session.userId} />
    </main>
  );
}
