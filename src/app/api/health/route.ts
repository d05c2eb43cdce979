import { systemHealth } from "~/server/health/system-health";

export const dynamic = "force-dynamic";

/** Plain JSON health for load balancers and uptime checks; 503 when the database is down. */
export async function GET() {
  const health = await systemHealth();
  return Response.json(health, { status: health.status === "down" ? 503 : 200 });
}
