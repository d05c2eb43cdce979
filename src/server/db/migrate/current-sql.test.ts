import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// prisma/sql/ holds the current definition of the SQL functions (and their types) that the
// migrations define, so that one file shows what runs today. These tests keep it true.

const root = path.resolve(import.meta.dirname, "../../../..");
const MIGRATIONS = path.join(root, "prisma/migrations");
const CURRENT = path.join(root, "prisma/sql");

/**
 * The statements of a SQL script, each with its whitespace collapsed and the comments between
 * statements dropped. Quoted text and $tag$ bodies are kept as written (comments included).
 */
function statements(sql: string): string[] {
  const out: string[] = [];
  let current = "";
  for (let i = 0; i < sql.length; ) {
    const rest = sql.slice(i);
    const dollar = /^\$[A-Za-z_]*\$/.exec(rest)?.[0];
    if (rest.startsWith("--")) {
      const end = sql.indexOf("\n", i);
      i = end === -1 ? sql.length : end;
    } else if (dollar || rest[0] === "'") {
      const close = dollar ?? "'";
      const end = sql.indexOf(close, i + close.length);
      if (end === -1) throw new Error(`unterminated ${close} in ${rest.slice(0, 60)}`);
      current += sql.slice(i, end + close.length);
      i = end + close.length;
    } else if (rest[0] === ";") {
      out.push(current);
      current = "";
      i += 1;
    } else {
      current += sql[i];
      i += 1;
    }
  }
  if (current.trim()) out.push(current);
  return out.map((s) => s.replace(/\s+/g, " ").trim()).filter(Boolean);
}

type Statement = { verb: "CREATE" | "ALTER" | "DROP"; object: string; text: string };

/** The statements that create, alter or drop a function or a type, named `function f` / `type t`. */
function definitions(sql: string): Statement[] {
  return statements(sql).flatMap((text) => {
    const m = /^(CREATE(?: OR REPLACE)?|ALTER|DROP) (FUNCTION|TYPE) "?([\w.]+)"?/i.exec(text);
    if (!m) return [];
    const verb = m[1]!.toUpperCase().startsWith("CREATE") ? "CREATE" : (m[1]!.toUpperCase() as "ALTER" | "DROP");
    return [{ verb, object: `${m[2]!.toLowerCase()} ${m[3]!.toLowerCase()}`, text }];
  });
}

const migrations = readdirSync(MIGRATIONS, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort()
  .map((name) => ({ name, defs: definitions(readFileSync(path.join(MIGRATIONS, name, "migration.sql"), "utf8")) }));

const currentFiles = readdirSync(CURRENT)
  .filter((f) => f.endsWith(".sql"))
  .map((file) => ({ file, defs: definitions(readFileSync(path.join(CURRENT, file), "utf8")) }));

/** The last migration that creates `object`, and whether a later one drops it. */
function latestDefinition(object: string) {
  let at = -1;
  migrations.forEach((m, i) => {
    if (m.defs.some((d) => d.verb === "CREATE" && d.object === object)) at = i;
  });
  const droppedLater = migrations.slice(at + 1).some((m) => m.defs.some((d) => d.verb === "DROP" && d.object === object));
  return { migration: migrations[at], droppedLater };
}

describe("prisma/sql: the current SQL functions", () => {
  it("has files, each defining something", () => {
    expect(currentFiles.length).toBeGreaterThan(0);
    for (const f of currentFiles) expect(f.defs.filter((d) => d.verb === "CREATE"), f.file).not.toEqual([]);
  });

  it.each(currentFiles.map((f) => [f.file, f] as const))("%s is exactly what the latest migration defining it created", (_file, f) => {
    for (const def of f.defs) {
      expect(def.verb, `${def.object}: prisma/sql holds definitions, not drops`).not.toBe("DROP");
      const { migration, droppedLater } = latestDefinition(def.object);
      expect(migration, `no migration creates ${def.object}`).toBeDefined();
      expect(droppedLater, `${def.object} is dropped after ${migration!.name}`).toBe(false);
      // An ALTER (e.g. SET plan_cache_mode) must come with the current definition or after it.
      const from = migrations.indexOf(migration!);
      const candidates = def.verb === "CREATE" ? migration!.defs : migrations.slice(from).flatMap((m) => m.defs);
      const texts = candidates.filter((d) => d.verb === def.verb && d.object === def.object).map((d) => d.text);
      expect(texts, `${def.object} as in ${migration!.name}`).toContain(def.text);
    }
  });

  it("holds every function or type that a later migration replaced, so none is readable only in a migration", () => {
    const created = new Map<string, number>();
    for (const m of migrations) for (const d of m.defs) if (d.verb === "CREATE") created.set(d.object, (created.get(d.object) ?? 0) + 1);
    const replaced = [...created].filter(([object, n]) => n > 1 && !latestDefinition(object).droppedLater).map(([object]) => object);
    const held = new Set(currentFiles.flatMap((f) => f.defs.filter((d) => d.verb === "CREATE").map((d) => d.object)));
    expect(replaced).toContain("function calm_append_events");
    expect(replaced.filter((o) => !held.has(o))).toEqual([]);
  });
});
