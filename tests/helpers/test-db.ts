import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { createPool } from "../../src/server/db/pool";
import { ADMIN_DATABASE_URL, databaseUrl } from "./services";

declare module "vitest" {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

export type TestDb = { name: string; url: string; pool: pg.Pool; drop: () => Promise<void> };

/** A private, migrated database for one test file (cloned from the template). */
export async function createTestDb(poolSize = 10): Promise<TestDb> {
  const name = `calm_t_${randomBytes(6).toString("hex")}`;
  await adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${inject("templateDatabase")}"`);
  const url = databaseUrl(name);
  const pool = createPool(url, poolSize);
  return {
    name,
    url,
    pool,
    drop: async () => {
      await pool.end().catch(() => undefined);
      await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

export async function adminQuery(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
  await c.connect();
  try {
    // Cloning a template fails while another session is connected to it; retry briefly.
    for (let i = 0; ; i++) {
      try {
        await c.query(sql);
        return;
      } catch (e) {
        if (i < 20 && /being accessed by other users/.test(String(e))) {
          await new Promise((r) => setTimeout(r, 100));
          continue;
        }
        throw e;
      }
    }
  } finally {
    await c.end();
  }
}
