import { z } from "zod";
import { DEFAULT_MAX_PAYLOAD_BYTES, UNSTORABLE_TEXT_MESSAGE, isStorableText } from "./json-limits";

/** Calendar-aware ISO-8601 instant with an explicit offset ("Z" or "+02:00"). */
export const isoInstant = z.iso
  .datetime({ offset: true })
  .refine((v) => {
    // An offset can push "9999-12-31T20:00-14:00" into year 10000, which no ISO string can hold.
    // An offset moves an instant by less than a day: years 2–9998 as written stay in range (no Date to parse).
    const written = leadingYear(v);
    if (written >= 2 && written <= 9998) return true;
    const year = new Date(v).getUTCFullYear();
    return Number.isNaN(year) || (year >= 1 && year <= 9999); // NaN: the format check reports it
  }, "must fall between the years 1 and 9999 (UTC)")
  // Instants are kept and answered to the millisecond: finer digits would be silently rounded.
  .refine((v) => !/\.\d{3}\d*[1-9]/.test(v), "must have at most millisecond precision");

/** The year an ISO string starts with ("2026-…"), or NaN. */
function leadingYear(v: string): number {
  if (v.length < 5 || v.charCodeAt(4) !== 45 /* - */) return NaN;
  let year = 0;
  for (let i = 0; i < 4; i++) {
    const d = v.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    year = year * 10 + d;
  }
  return year;
}

export const uuid = z.uuid();

/** Free text that the log can store as sent (no NUL, no lone surrogate): refused naming its own field. */
export const storableText = z.string().refine(isStorableText, UNSTORABLE_TEXT_MESSAGE);

const knownCurrencies: ReadonlySet<string> | null = (() => {
  // Intl knows ISO 4217; the regex alone would accept "ABC".
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  return intl.supportedValuesOf ? new Set(intl.supportedValuesOf("currency")) : null;
})();

export const currency = z
  .string()
  .regex(/^[A-Z]{3}$/, "must be a three-letter ISO 4217 code such as EUR")
  .refine((c) => knownCurrencies === null || knownCurrencies.has(c), "is not an ISO 4217 currency");

export const amountCents = z.number().int("must be a whole number of cents").min(0).max(Number.MAX_SAFE_INTEGER);

export const ACTOR_TYPES = ["user", "system", "client"] as const;
export const actorType = z.enum(ACTOR_TYPES);

export const ENTITY_TYPES = ["deal", "invoice", "client", "followup"] as const;
export const entityType = z.enum(ENTITY_TYPES);
export type EntityType = z.infer<typeof entityType>;

export const actor = z.object({ id: uuid, type: actorType });
export type Actor = z.infer<typeof actor>;

/** Serialized payloads above this size are refused by default (json-limits.ts; the server's MAX_PAYLOAD_BYTES may differ). */
export const MAX_PAYLOAD_BYTES = DEFAULT_MAX_PAYLOAD_BYTES;
