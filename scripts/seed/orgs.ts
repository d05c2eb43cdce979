import type pg from "pg";
import { v7 as uuidv7 } from "uuid";
import { generateApiKey } from "~/server/auth/api-keys";
import { createOrg } from "~/server/orgs/create-org";
import type { OrgPlan } from "./generate";

/** An org's credentials as the seed prints them; the password is null when the org already existed. */
export type SeededOrg = { orgId: string; name: string; apiKey: string; email: string; password: string | null; created: boolean };

/**
 * Creates the planned org, or, when a previous run with the same seed already did, issues it a
 * fresh API key (keys and passwords are stored hashed, so the old ones cannot be shown again).
 */
export async function ensureOrg(pool: pg.Pool, plan: OrgPlan): Promise<SeededOrg> {
  const existing = await pool.query<{ email: string }>(
    "SELECT u.email FROM orgs o JOIN users u ON u.org_id = o.id WHERE o.id = $1 ORDER BY u.created_at LIMIT 1",
    [plan.orgId],
  );
  const row = existing.rows[0];
  if (!row) {
    const org = await createOrg(pool, { name: plan.name, orgId: plan.orgId });
    return { orgId: org.orgId, name: plan.name, apiKey: org.apiKey, email: org.email, password: org.password, created: true };
  }
  const key = generateApiKey();
  await pool.query("INSERT INTO api_keys (id, org_id, name, key_hash, prefix) VALUES ($1, $2, $3, $4, $5)", [
    uuidv7(), plan.orgId, "seed re-run", key.hash, key.prefix,
  ]);
  return { orgId: plan.orgId, name: plan.name, apiKey: key.key, email: row.email, password: null, created: false };
}
