import { readFile } from "node:fs/promises";
import path from "node:path";
import { openSchemaEngine } from "./schema-engine";

/** Prints the SQL that creates prisma/schema.prisma from empty: a starting point for a new migration. */
const schemaPath = path.resolve(import.meta.dirname, "../../../../prisma/schema.prisma");
const content = await readFile(schemaPath, "utf8");
const { engine, close } = await openSchemaEngine(process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres");
const out = await engine.diff({
  from: { tag: "empty" },
  to: { tag: "schemaDatamodel", files: [{ path: schemaPath, content }] },
  script: true,
  exitCode: null,
  filters: { externalTables: [], externalEnums: [] },
});
process.stdout.write(out.stdout ?? "");
await close();
