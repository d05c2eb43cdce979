import { z } from "zod";
import { amountCents, currency, entityType, isoInstant, uuid } from "./primitives";

// Payloads are loose objects: extra fields are kept, the named ones are validated (catalog.ts).

export const leadCreated = z.looseObject({
  name: z.string().trim().min(1, "is required").max(200),
  client_id: uuid.optional(),
  source: z.string().max(100).optional(),
  value_cents: amountCents.optional(),
});
export const quoteRequested = z.looseObject({ due_at: isoInstant.optional() });
export const quoteSent = z.looseObject({
  amount_cents: amountCents,
  currency,
  valid_until: isoInstant.optional(),
});
export const quoteAccepted = z.looseObject({ amount_cents: amountCents.optional() });
export const quoteRejected = z.looseObject({ reason: z.string().max(2000).optional() });
export const invoiceIssued = z.looseObject({
  amount_cents: amountCents,
  currency,
  due_at: isoInstant,
  deal_id: uuid.optional(),
  client_id: uuid.optional(),
  number: z.string().max(64).optional(),
});
export const paymentReceived = z.looseObject({ amount_cents: amountCents.min(1, "must be at least 1"), currency });
export const followupScheduled = z.looseObject({
  due_at: isoInstant,
  about: z.object({ type: entityType, id: uuid }).optional(),
  note: z.string().max(2000).optional(),
});
export const followupSent = z.looseObject({ channel: z.string().max(64).optional() });
export const followupDismissed = z.looseObject({ reason: z.string().max(2000).optional() });
export const noteAdded = z.looseObject({
  text: z.string().min(1, "must not be empty").max(10_000, "must be at most 10,000 characters"),
});
export const loopDismissed = z.looseObject({ loop_id: uuid, reason: z.string().max(2000).optional() });
export const loopResolved = z.looseObject({ loop_id: uuid, note: z.string().max(2000).optional() });
/** `until` must also lie after occurred_at and at most a year later: checked on the whole event (catalog.ts). */
export const loopSnoozed = z.looseObject({ loop_id: uuid, until: isoInstant, note: z.string().max(2000).optional() });
export const loopReopened = z.looseObject({ loop_id: uuid, note: z.string().max(2000).optional() });

// A client's fields are personal data: they live in these payloads (and what is folded from them).
const clientName = z.string().trim().min(1, "is required").max(200);
const email = z.string().trim().max(254).pipe(z.email("must be an email address such as ada@example.com"));
const phone = z.string().trim().max(50);
const company = z.string().trim().max(200);
export const clientCreated = z.looseObject({ name: clientName, email: email.optional(), phone: phone.optional(), company: company.optional() });
export const CLIENT_FIELDS = ["name", "email", "phone", "company"] as const;
/** The fields given replace the old ones; null clears an optional one. */
export const clientUpdated = z
  .looseObject({ name: clientName.optional(), email: email.nullable().optional(), phone: phone.nullable().optional(), company: company.nullable().optional() })
  .refine((p) => CLIENT_FIELDS.some((f) => p[f] !== undefined), { message: "must give at least one of name, email, phone, company" });
