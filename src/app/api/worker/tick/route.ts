import { timingSafeEqual } from "node:crypto";
import { env } from "~/env";
import { getPool } from "~/server/db/pool";
import { buildWorkerJobs } from "~/server/worker/jobs";
import { runPass } from "~/server/worker/pass";

export const dynamic = "force-dynamic";

/** For an external cron: `POST /api/worker/tick` with `Authorization: Bearer $WORKER_SECRET`. */
export async function POST(req: Request) {
  if (!authorized(req.headers.get("authorization"))) {
    return Response.json({ error: "UNAUTHORIZED" }, { status: 401 });
  }
  const report = await runPass(buildWorkerJobs({ pool: getPool(), clock: () => new Date() }));
  const ok = Object.values(report).every((r) => r.ok);
  return Response.json({ ok, jobs: report }, { status: ok ? 200 : 500 });
}

function authorized(header: string | null): boolean {
  const expected = Buffer.from(`Bearer ${env.WORKER_SECRET}`);
  const given = Buffer.from(header ?? "");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
