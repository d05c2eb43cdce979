import { z } from "zod";

export type JsonSchema = { [k: string]: unknown };

/**
 * A procedure's input as JSON Schema (draft 2020-12, what OpenAPI 3.1 uses), from the same Zod
 * schema tRPC parses with: Zod 4's own z.toJSONSchema, as the input side (defaults are optional).
 * Everything inline: no $refs, since a schema embedded in an OpenAPI document cannot point at
 * its own $defs. One adjustment: a pipe that first takes anything (`unknown`, or an array of
 * `unknown`) and parses it afterwards is documented by what it parses into: a payload's size and
 * depth are checked on the raw value before its schema sees it, and an appendBatch counts its
 * events before parsing them (so 100,000 bad events cost one issue).
 */
export function inputJsonSchema(schema: z.ZodType): JsonSchema {
  const json = z.toJSONSchema(schema, {
    io: "input",
    unrepresentable: "any",
    override: (ctx) => {
      const def = (ctx.zodSchema as unknown as { _zod: { def: { type: string; in?: z.ZodType; out?: z.ZodType } } })._zod.def;
      if (def.type === "pipe" && def.in && def.out && takesAnything(def.in)) {
        for (const k of Object.keys(ctx.jsonSchema)) delete ctx.jsonSchema[k];
        Object.assign(ctx.jsonSchema, withoutDialect(inputJsonSchema(def.out)), withoutDialect(limitsOf(def.in)));
      }
    },
  }) as JsonSchema;
  return withoutDialect(json);
}

function takesAnything(schema: z.ZodType): boolean {
  const def = (schema as unknown as { _zod: { def: { type: string; element?: { _zod: { def: { type: string } } } } } })._zod.def;
  return def.type === "unknown" || def.type === "any" || (def.type === "array" && def.element?._zod.def.type === "unknown");
}

/** The count limits (minItems, maxItems) of the unparsed side, which the parsed side does not repeat. */
function limitsOf(schema: z.ZodType): JsonSchema {
  const { minItems, maxItems } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  return { ...(minItems !== undefined ? { minItems } : {}), ...(maxItems !== undefined ? { maxItems } : {}) };
}

function withoutDialect({ $schema: _dialect, ...rest }: JsonSchema): JsonSchema {
  return rest;
}

/** The JSON types a schema admits (its `type`, or its anyOf/oneOf members'). */
export function typesOf(schema: JsonSchema | undefined): Set<string> {
  const out = new Set<string>();
  if (!schema) return out;
  const t = schema.type;
  if (typeof t === "string") out.add(t);
  if (Array.isArray(t)) for (const x of t) out.add(String(x));
  for (const key of ["anyOf", "oneOf"]) {
    const members = schema[key];
    if (Array.isArray(members)) for (const m of members) for (const x of typesOf(m as JsonSchema)) out.add(x);
  }
  return out;
}
