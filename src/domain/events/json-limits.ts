// What a payload may be, beyond its named fields: bounded, and storable exactly as sent.
// Checked by one iterative walk (an explicit stack) before anything recursive touches the value:
// Zod, JSON.stringify, the database's jsonb parser, n8n's nodes. A payload nested thousands of
// levels deep used to overflow the stack of a recursive check (a 500) and, stored, crash n8n.

/** Nesting depth allowed in a payload; the payload object itself is level 1. */
export const MAX_PAYLOAD_DEPTH = 32;

/** Serialized payload size allowed by default (MAX_PAYLOAD_BYTES in the environment changes it). */
export const DEFAULT_MAX_PAYLOAD_BYTES = 64 * 1024;

export type PayloadLimits = { maxDepth: number; maxBytes: number };
export const DEFAULT_PAYLOAD_LIMITS: PayloadLimits = { maxDepth: MAX_PAYLOAD_DEPTH, maxBytes: DEFAULT_MAX_PAYLOAD_BYTES };

export type JsonProblem = { path: (string | number)[]; message: string };

// jsonb holds no NUL character and no lone UTF-16 surrogate (half of a pair).
// eslint-disable-next-line no-control-regex -- NUL is precisely the character Postgres refuses
const UNSTORABLE_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const UNSTORABLE_TEXT_MESSAGE = "holds a character that cannot be stored (NUL or a lone UTF-16 surrogate)";

/** True when Postgres can store the string as it is. */
export const isStorableText = (s: string): boolean => !UNSTORABLE_TEXT.test(s);

/**
 * The first place, in document order, where a parsed JSON value breaks a rule, or null:
 * - nesting deeper than `maxDepth` (the path names the first container past the limit);
 * - a number that is not finite (JSON's `1e400` parses to Infinity, which would be stored as null);
 * - a `__proto__` key (JavaScript drops or misreads it: Zod, n8n and most clients would lose it);
 * - a string or key with a NUL or a lone surrogate (jsonb refuses them).
 * Paths are relative to `value`.
 */
export function jsonProblem(value: unknown, maxDepth: number): JsonProblem | null {
  if (scan(value, maxDepth).clean) return null;
  return firstProblem(value, maxDepth);
}

/**
 * One pass over a value that keeps no paths: whether it breaks none of jsonProblem's rules, and an
 * upper bound of its serialized size in UTF-8 bytes (Infinity for what is not plain JSON data).
 * Almost every payload is clean and small: it then costs neither paths nor a JSON.stringify.
 * firstProblem walks again, in document order, only for a value found unclean.
 */
function scan(value: unknown, maxDepth: number): { clean: boolean; bytes: number } {
  const values: unknown[] = [value];
  const depths: number[] = [1];
  let bytes = 0;
  while (values.length > 0) {
    const v = values.pop();
    const depth = depths.pop()!;
    if (typeof v === "string") {
      if (!isStorableText(v)) return { clean: false, bytes };
      bytes += 2 + 6 * v.length; // a UTF-16 unit is at most 3 bytes of UTF-8, or a 6-byte \uXXXX escape
    } else if (typeof v === "number") {
      if (!Number.isFinite(v)) return { clean: false, bytes };
      bytes += 25; // the longest a finite number prints, e.g. -0.0000012345678901234567
    } else if (v === null || v === undefined || typeof v === "boolean") {
      bytes += 5;
    } else if (typeof v === "object") {
      if (depth > maxDepth) return { clean: false, bytes };
      if (Array.isArray(v)) {
        bytes += 2 + v.length;
        for (let i = 0; i < v.length; i++) {
          values.push(v[i]);
          depths.push(depth + 1);
        }
      } else {
        const proto = Object.getPrototypeOf(v) as unknown;
        // A Date, a Map…: JSON.stringify prints them its own way, so their size is not bounded here.
        if (proto !== Object.prototype && proto !== null) bytes = Infinity;
        bytes += 2;
        for (const key of Object.keys(v)) {
          if (key === "__proto__" || !isStorableText(key)) return { clean: false, bytes };
          bytes += 4 + 6 * key.length;
          values.push((v as Record<string, unknown>)[key]);
          depths.push(depth + 1);
        }
      }
    } else {
      bytes = Infinity; // a bigint or a function: left to JSON.stringify, as before
    }
  }
  return { clean: true, bytes };
}

/** jsonProblem's answer for a value scan found unclean: the first problem in document order. */
function firstProblem(value: unknown, maxDepth: number): JsonProblem | null {
  const stack: { v: unknown; path: (string | number)[] }[] = [{ v: value, path: [] }];
  while (stack.length > 0) {
    const { v, path } = stack.pop()!;
    if (typeof v === "string") {
      if (!isStorableText(v)) return { path, message: UNSTORABLE_TEXT_MESSAGE };
    } else if (typeof v === "number") {
      if (!Number.isFinite(v)) return { path, message: "must be a finite number (JSON numbers beyond ±1.8e308 cannot be stored)" };
    } else if (v !== null && typeof v === "object") {
      // path.length is the number of containers above this one: this one is at level path.length + 1.
      if (path.length + 1 > maxDepth) return { path, message: `nests deeper than ${maxDepth} levels (the limit is ${maxDepth})` };
      const children: { v: unknown; path: (string | number)[] }[] = [];
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) children.push({ v: v[i], path: [...path, i] });
      } else {
        for (const key of Object.keys(v)) {
          if (key === "__proto__") return { path: [...path, key], message: "__proto__ is not accepted as a key: it cannot be kept exactly" };
          if (!isStorableText(key)) return { path: [...path, key], message: `key ${UNSTORABLE_TEXT_MESSAGE}` };
          children.push({ v: (v as Record<string, unknown>)[key], path: [...path, key] });
        }
      }
      // Pushed in reverse so that the first child is checked first: the first problem a reader finds.
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    }
  }
  return null;
}

/** The first rule a payload breaks (depth, exactness, then size), with its path inside the payload, or null. */
export function payloadProblem(payload: unknown, limits: PayloadLimits): JsonProblem | null {
  const quick = scan(payload, limits.maxDepth);
  if (!quick.clean) {
    const problem = firstProblem(payload, limits.maxDepth);
    if (problem) return problem;
  } else if (quick.bytes <= limits.maxBytes) return null;
  // undefined (no payload) serializes to nothing: the schema reports the missing field.
  const text = JSON.stringify(payload) ?? "";
  // UTF-8 takes at most 3 bytes per UTF-16 code unit: most payloads are under the limit uncounted.
  if (text.length * 3 <= limits.maxBytes) return null;
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > limits.maxBytes) {
    return { path: [], message: `must be at most ${limits.maxBytes.toLocaleString("en-US")} bytes when serialized (got ${bytes.toLocaleString("en-US")})` };
  }
  return null;
}
