import { type JsonSchema, typesOf } from "./json-schema";

/**
 * A GET's input from its query string: each top-level field of the input is a parameter, turned
 * into the JSON type its schema names (limit=50 → 50, a repeated parameter → an array, an object →
 * its JSON); what cannot be turned stays text, and the procedure's own Zod schema then refuses it
 * naming the field. `?input=<JSON>` (tRPC's form) gives the whole input at once instead.
 */
export function inputFromQuery(params: URLSearchParams, schema: JsonSchema | null): { ok: true; input: unknown } | { ok: false; message: string } {
  const whole = params.get("input");
  if (whole !== null) {
    try {
      return { ok: true, input: JSON.parse(whole) };
    } catch {
      return { ok: false, message: "input: must be JSON" };
    }
  }
  const names = [...new Set(params.keys())];
  if (names.length === 0) return { ok: true, input: schema ? {} : undefined };
  const props = (schema?.properties ?? {}) as Record<string, JsonSchema>;
  const input: Record<string, unknown> = {};
  for (const name of names) {
    const values = params.getAll(name);
    const prop = props[name];
    const types = typesOf(prop);
    if (types.has("array")) {
      const items = typesOf(prop?.items as JsonSchema | undefined);
      input[name] = values.flatMap((v) => v.split(",")).filter((v) => v !== "").map((v) => scalar(v, items));
    } else {
      input[name] = scalar(values.at(-1)!, types);
    }
  }
  return { ok: true, input };
}

function scalar(v: string, types: Set<string>): unknown {
  if ((types.has("integer") || types.has("number")) && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(v)) return Number(v);
  if (types.has("boolean") && (v === "true" || v === "false")) return v === "true";
  if (types.has("null") && v === "null") return null;
  if (types.has("object") && v.startsWith("{")) {
    try {
      return JSON.parse(v);
    } catch {
      return v;
    }
  }
  return v;
}
