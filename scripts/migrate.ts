import "./load-env";
import { applyMigrations } from "~/server/db/migrate/apply-migrations";
import { env } from "~/env";
import { unreachableDatabase } from "./lib/unreachable-database";

/** `npm run db:migrate`: applies pending migrations to DATABASE_URL; a second run applies none. */
const url = env.DATABASE_URL;
try {
  const applied = await applyMigrations(url);
  process.stderr.write(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(", ")}\n` : "No pending migrations.\n");
} catch (e) {
  const why = unreachableDatabase(e, url, !process.env.DATABASE_URL);
  if (!why) throw e;
  process.stderr.write(`[migrate] ${why}\n`);
  process.exit(1);
}
