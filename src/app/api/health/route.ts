import { getPool } from "~/server/db/pool";
import { checkHealth } from "~/server/health";
import { getRedis, redisPing } from "~/server/redis/client";
import { streamsHealthExtra } from "~/server/relay/health";

export const dynamic = "force-dynamic";

/** Plain JSON health for load balancers and uptime checks; 503 when the database is down. */
export async function GET() {
  const now = new Date();
  const health = await checkHealth(getPool(), redisPing(getRedis()), now, [streamsHealthExtra(getPool(), now)]);
  return Response.json(health, { status: health.status === "down" ? 503 : 200 });
}
