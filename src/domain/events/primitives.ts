import { z } from "zod";

/** Calendar-aware ISO-8601 instant with an explicit offset ("Z" or "+02:00"). */
export const isoInstant = z.iso
  .datetime({ offset: true })
  .refine((v) => {
    // An offset can push "9999-12-31T20:00-14:00" into year 10000, which no ISO string can hold.
    const year = new Date(v).getUTCFullYear();
    return Number.isNaN(year) || (year >= 1 && year <= 9999); // NaN: the format check reports it
  }, "must fall between the years 1 and 9999 (UTC)");

export const uuid = z.uuid();

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

/** Serialized payloads above this size are refused (docs/architecture.md, "The event log"). */
export const MAX_PAYLOAD_BYTES = 64 * 1024;

export function payloadBytes(payload: unknown): number {
  return new TextEncoder().encode(JSON.stringify(payload)).length;
}
