import { randomUUID } from "node:crypto";
import { generateApiKey } from "../../../src/server/auth/api-keys";
import { createPool } from "../../../src/server/db/pool";
import { DEMO_EMAIL } from "./demo";

/**
 * An API key for the demo org, as an outside client (an automation) would hold: inserted straight
 * into the test database, since keys are only issued by `npm run org:create` and the seed.
 * Returns the key and its id (the actor id the API records for commands sent with it).
 */
export async function createDemoApiKey(): Promise<{ key: string; keyId: string }> {
  const pool = createPool(process.env.E2E_DATABASE_URL!, 1);
  try {
    const org = await pool.query<{ org_id: string }>("SELECT org_id FROM users WHERE email = $1", [DEMO_EMAIL]);
    const orgId = org.rows[0]?.org_id;
    if (!orgId) throw new Error(`no demo user ${DEMO_EMAIL} in the e2e database`);
    const key = generateApiKey();
    const keyId = randomUUID();
    await pool.query("INSERT INTO api_keys (id, org_id, name, key_hash, prefix) VALUES ($1, $2, $3, $4, $5)", [
      keyId, orgId, "e2e other client", key.hash, key.prefix,
    ]);
    return { key: key.key, keyId };
  } finally {
    await pool.end();
  }
}
