import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { openSchemaEngine } from "./schema-engine";

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, "../../../../prisma/migrations");

/** Applies pending migrations from prisma/migrations with Prisma's engine; returns their names. */
export async function applyMigrations(connectionString: string, baseDir = MIGRATIONS_DIR): Promise<string[]> {
  const names = (await readdir(baseDir, { withFileTypes: true }))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  const migrationDirectories = await Promise.all(
    names.map(async (name) => ({
      path: name,
      migrationFile: {
        path: "migration.sql",
        content: { tag: "ok" as const, value: await readFile(path.join(baseDir, name, "migration.sql"), "utf8") },
      },
    })),
  );
  const lockPath = path.join(baseDir, "migration_lock.toml");
  const lockContent = await readFile(lockPath, "utf8").catch(() => null);
  const { engine, close } = await openSchemaEngine(connectionString);
  try {
    const out = await engine.applyMigrations({
      migrationsList: {
        baseDir,
        lockfile: { path: "migration_lock.toml", content: lockContent },
        shadowDbInitScript: "",
        migrationDirectories,
      },
      filters: { externalTables: [], externalEnums: [] },
    });
    return out.appliedMigrationNames;
  } finally {
    await close();
  }
}
