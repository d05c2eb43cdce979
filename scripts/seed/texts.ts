import type { Faker } from "@faker-js/faker";
import type { Rng } from "./prng";

// Wording for notes and reasons, so the timeline reads like a real back office.

export const LOST_REASONS = [
  "Not a fit for what we do", "Budget too small", "Went with another supplier", "No reply after two attempts",
  "Timing does not work for them", "Only wanted a price check",
] as const;

export const REJECT_REASONS = [
  "Price too high", "Chose a competitor", "Project postponed", "No response before the quote expired",
  "Scope changed", "Decided to do it in-house",
] as const;

export const DISMISS_REASONS = ["Client already replied", "No longer needed", "Handled by phone", "Deal closed"] as const;

export const CHANNELS = ["email", "phone", "sms", "whatsapp"] as const;
export const PAYMENT_METHODS = ["bank_transfer", "card", "direct_debit", "cash"] as const;

export function dealNote(rng: Rng, f: Faker, service: string): string {
  return rng.pick([
    () => `Called ${f.person.firstName()}: wants the ${service} before ${f.date.month()}.`,
    () => `Asked for two options on the ${service}; sent examples.`,
    () => `Met on site, measurements taken; ${f.helpers.arrayElement(["access is tight", "parking on the street", "wants it done by the weekend", "happy with the sample"])}.`,
    () => `Prefers email over calls. Budget flexible if quality is right.`,
    () => `Referred by ${f.person.fullName()}. Mention the referral discount.`,
    () => `Follow-up call went well, decision expected this week.`,
    () => `Needs sign-off from ${f.person.firstName()} in finance.`,
  ])();
}

export const invoiceNote = (rng: Rng) =>
  rng.pick([
    "Payment reminder sent by email.", "Client confirmed the invoice was received.", "PO number added at client's request.",
    "Second reminder sent; client says payment is in their next run.", "Receipt sent.",
  ]);

export const followupNote = (rng: Rng) =>
  rng.pick(["Left a voicemail.", "Drafted the message, waiting for the price list.", "Client asked to be called after 3pm."]);

export const clientNote = (rng: Rng, f: Faker) =>
  rng.pick([
    () => `VAT number: ${f.string.alphanumeric({ length: 10, casing: "upper" })}.`,
    () => `Billing address changed to ${f.location.streetAddress()}, ${f.location.city()}.`,
    () => `Repeat customer; always pays by bank transfer.`,
    () => `Main contact is now ${f.person.fullName()}.`,
  ])();
