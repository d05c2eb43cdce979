import { RETRY_AFTER_SECONDS } from "~/server/http/database-outage";
import { mayReadDetailedHealth } from "~/server/health/detailed-access";
import { publicHealth } from "~/server/health/public-health";
import { systemHealth } from "~/server/health/system-health";

export const dynamic = "force-dynamic";

/**
 * Health for load balancers and uptime checks: 200, or 503 when the database is down. Status
 * words for anyone; the full report with `Authorization: Bearer $WORKER_SECRET` or a session.
 */
export async function GET(req: Request) {
  const [health, detailed] = await Promise.all([systemHealth(), mayReadDetailedHealth(req.headers)]);
  const down = health.status === "down";
  return Response.json(detailed ? health : publicHealth(health), {
    status: down ? 503 : 200,
    headers: { "cache-control": "no-store", ...(down ? { "retry-after": String(RETRY_AFTER_SECONDS) } : {}) },
  });
}
