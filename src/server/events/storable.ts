// JSON allows what Postgres refuses: jsonb has no NUL character and no lone UTF-16 surrogate,
// and timestamptz has no year 0. Such input is the client's error, not a failed insert (a 500).
// eslint-disable-next-line no-control-regex -- NUL is precisely the character Postgres refuses
const UNSTORABLE_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The first field Postgres could not store, or null. */
export function unstorableField(input: { occurred_at: string; payload: unknown }): "payload" | "occurred_at" | null {
  if (/^0000-/.test(input.occurred_at)) return "occurred_at";
  if (hasUnstorableText(input.payload)) return "payload";
  return null;
}

function hasUnstorableText(v: unknown): boolean {
  if (typeof v === "string") return UNSTORABLE_TEXT.test(v);
  if (Array.isArray(v)) return v.some(hasUnstorableText);
  if (v && typeof v === "object") return Object.entries(v).some(([k, x]) => UNSTORABLE_TEXT.test(k) || hasUnstorableText(x));
  return false;
}
