import { Dashboard } from "~/components/dashboard/dashboard";
import { parseDashboardMoment } from "~/components/dashboard/time-machine";
import { parseView } from "~/components/dashboard/view";
import { requireSession } from "~/server/auth/page-session";

export const metadata = { title: "Today · Calm" };

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** The calm dashboard: what needs you now, and what is coming up; or, with ?asOf=…&basis=…, what did then. */
export default async function Home({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await requireSession();
  const q = await searchParams;
  return (
    <main className="page">
      <Dashboard
        initialView={parseView(first(q.show))}
        initialMoment={parseDashboardMoment({ asOf: first(q.asOf), basis: first(q.basis) }, Date.now())}
        userId={session.userId}
      />
    </main>
  );
}
