import { v7 as uuidv7 } from "uuid";
import type { JsonSchema } from "./json-schema";

/** Optional fields an example shows anyway: an API key must name the actor of the events it appends. */
const SHOWN_OPTIONAL = new Set(["actor"]);

/**
 * A plausible value for a JSON Schema (the reference page's "Try it" starts from it): the
 * required fields (and a system actor), the first member of a union, a fresh (time-ordered) uuid, the current instant, an
 * enum's first value, a number's minimum. Made from the schema, so a new procedure gets one too.
 */
export function exampleOf(schema: JsonSchema | undefined, now: Date, depth = 0): unknown {
  if (!schema || depth > 12) return null;
  if ("const" in schema) return schema.const;
  if ("default" in schema && schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  for (const key of ["oneOf", "anyOf"]) {
    const members = schema[key];
    if (Array.isArray(members)) {
      const first = (members as JsonSchema[]).find((m) => m.type !== "null") ?? members[0];
      return exampleOf(first as JsonSchema, now, depth + 1);
    }
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  switch (type) {
    case "object": {
      const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
      const required = new Set((schema.required as string[] | undefined) ?? []);
      const shown = Object.entries(props).filter(([k]) => required.has(k) || SHOWN_OPTIONAL.has(k));
      return Object.fromEntries(shown.map(([k, s]) => [k, k === "actor" ? { id: uuidv7(), type: "system" } : exampleOf(s, now, depth + 1)]));
    }
    case "array": {
      const min = Number(schema.minItems ?? 0);
      return Array.from({ length: Math.max(min, 1) }, () => exampleOf(schema.items as JsonSchema, now, depth + 1));
    }
    case "string":
      if (schema.format === "uuid") return uuidv7();
      if (schema.format === "date-time") return now.toISOString();
      if (typeof schema.pattern === "string" && /\[A-Z\]\{3\}/.test(schema.pattern)) return "EUR";
      return "text";
    case "integer":
    case "number":
      return typeof schema.minimum === "number" ? Math.max(schema.minimum, 0) : 1;
    case "boolean":
      return false;
    default:
      return null;
  }
}
