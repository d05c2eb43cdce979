import { workerTick } from "~/server/worker/tick";

export const dynamic = "force-dynamic";

/** For an external cron: `POST /api/worker/tick` with `Authorization: Bearer $WORKER_SECRET`. */
export async function POST(req: Request) {
  const { status, body } = await workerTick(req.headers.get("authorization"));
  return Response.json(body, { status });
}
