import { workerTick } from "~/server/worker/tick";

export const dynamic = "force-dynamic";

/**
 * For an external cron: `POST /api/worker/tick` with `Authorization: Bearer $WORKER_SECRET`.
 * 200 once the events committed before the call are processed, 202 if not within 5 s (`behind`,
 * `blocker`), 503 if a job failed (src/server/worker/tick.ts).
 */
export async function POST(req: Request) {
  const { status, body, headers } = await workerTick(req.headers.get("authorization"));
  return Response.json(body, { status, headers });
}
