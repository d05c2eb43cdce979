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
