import type pg from "pg";
import { notFound } from "./list-endpoints";

/** Deletes an endpoint with its pending messages and its delivery log. */
export async function deleteEndpoint(db: pg.Pool, orgId: string, id: string): Promise<{ deleted: true }> {
  const res = await db.query("DELETE FROM webhook_endpoints WHERE org_id = $1 AND id = $2", [orgId, id]);
  if (!res.rowCount) throw notFound();
  return { deleted: true };
}
