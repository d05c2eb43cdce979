import "./load-env";
import { applyMigrations } from "~/server/db/migrate/apply-migrations";
import { env } from "~/env";

/** `npm run db:migrate`: applies pending migrations to DATABASE_URL; a second run applies none. */
const url = env.DATABASE_URL;
const applied = await applyMigrations(url);
process.stderr.write(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(", ")}\n` : "No pending migrations.\n");
