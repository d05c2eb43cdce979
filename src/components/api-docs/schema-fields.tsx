import type { JsonSchema } from "~/server/rest/json-schema";
import styles from "./api-docs.module.css";

/** A schema's type in a few words: "string (uuid)", "one of active, dismissed", "integer 1–200". */
export function typeWords(s: JsonSchema): string {
  if ("const" in s) return `"${String(s.const)}"`;
  if (Array.isArray(s.enum)) return `one of ${s.enum.map(String).join(", ")}`;
  const members = (s.anyOf ?? s.oneOf) as JsonSchema[] | undefined;
  if (members) {
    const named = members.filter((m) => m.type !== "null");
    const nullable = named.length < members.length ? " or null" : "";
    return named.length === 1 ? `${typeWords(named[0]!)}${nullable}` : `one of ${named.length} shapes${nullable}`;
  }
  const t = Array.isArray(s.type) ? s.type.join(" or ") : String(s.type ?? "any JSON");
  if (t === "array") return `array of ${typeWords((s.items as JsonSchema) ?? {})}${s.maxItems !== undefined ? `, at most ${String(s.maxItems)}` : ""}`;
  const extra: string[] = [];
  if (typeof s.format === "string") extra.push(s.format);
  if (typeof s.minimum === "number" || typeof s.maximum === "number") extra.push(`${s.minimum ?? "…"}–${s.maximum !== undefined && Number(s.maximum) < 1e15 ? s.maximum : "…"}`);
  if (typeof s.maxLength === "number") extra.push(`≤ ${s.maxLength} chars`);
  if ("default" in s) extra.push(`default ${JSON.stringify(s.default)}`);
  return extra.length ? `${t} (${extra.join(", ")})` : t;
}

/**
 * An object schema as a nested list of its fields (name, type, required), a union as its members
 * (named by their discriminating constant when they have one): enough to write a request by hand.
 */
export function SchemaFields({ schema, depth = 0 }: { schema: JsonSchema; depth?: number }) {
  if (depth > 6) return null;
  const union = ((schema.oneOf ?? schema.anyOf) as JsonSchema[] | undefined)?.filter((m) => m.type !== "null");
  if (union && union.some((m) => m.type === "object")) return <UnionFields members={union} depth={depth} />;
  const props = schema.properties as Record<string, JsonSchema> | undefined;
  if (!props) return null;
  return <FieldList props={props} required={new Set((schema.required as string[] | undefined) ?? [])} depth={depth} />;
}

function FieldList({ props, required, depth }: { props: Record<string, JsonSchema>; required: Set<string>; depth: number }) {
  return (
    <ul className={styles.fields}>
      {Object.entries(props).map(([name, s]) => (
        <li key={name}>
          <span className={styles.name}>{name}</span> <span className={styles.type}>{typeWords(s)}</span>
          {required.has(name) ? <span className={styles.required}> required</span> : null}
          {s.type === "object" || (s.type === "array" && (s.items as JsonSchema | undefined)?.type === "object") ? (
            <SchemaFields schema={s.type === "array" ? (s.items as JsonSchema) : s} depth={depth + 1} />
          ) : s.type === "array" && ((s.items as JsonSchema | undefined)?.oneOf ?? (s.items as JsonSchema | undefined)?.anyOf) ? (
            <SchemaFields schema={s.items as JsonSchema} depth={depth + 1} />
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/**
 * A union of objects (the event catalog: one shape per event_type): the fields every member has
 * alike, once, then each member's own fields (its payload, its entity types) under its name.
 */
function UnionFields({ members, depth }: { members: JsonSchema[]; depth: number }) {
  const propsOf = (m: JsonSchema) => (m.properties ?? {}) as Record<string, JsonSchema>;
  const requiredOf = (m: JsonSchema) => new Set((m.required as string[] | undefined) ?? []);
  const first = members[0]!;
  const same = (name: string) =>
    members.every((m) => JSON.stringify(propsOf(m)[name]) === JSON.stringify(propsOf(first)[name]) && requiredOf(m).has(name) === requiredOf(first).has(name));
  const common = Object.keys(propsOf(first)).filter(same);
  const pick = (m: JsonSchema, keep: (k: string) => boolean) => Object.fromEntries(Object.entries(propsOf(m)).filter(([k]) => keep(k)));
  return (
    <>
      {common.length > 0 ? <FieldList props={pick(first, (k) => common.includes(k))} required={requiredOf(first)} depth={depth} /> : null}
      <ul className={styles.fields}>
        {members.map((m, i) => (
          <li key={i}>
            <details className={styles.details}>
              <summary>
                <span className={styles.name}>{discriminator(m) ?? `shape ${i + 1}`}</span>
              </summary>
              <FieldList props={pick(m, (k) => !common.includes(k))} required={requiredOf(m)} depth={depth + 1} />
            </details>
          </li>
        ))}
      </ul>
    </>
  );
}

function discriminator(m: JsonSchema): string | null {
  for (const s of Object.values((m.properties ?? {}) as Record<string, JsonSchema>)) if ("const" in s) return String(s.const);
  return null;
}
