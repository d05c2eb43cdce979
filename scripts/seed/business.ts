import type { Faker } from "@faker-js/faker";
import type { Actor } from "~/domain/events";
import type { Rng } from "./prng";

/** What kind of small business an org is: sets its prices, lead sources and wording. */
export type Trade = {
  kind: string;
  /** Typical deal size in cents (log-normal median) and how widely it varies. */
  medianCents: number;
  spread: number;
  services: readonly string[];
  /** Share of leads that are companies rather than people. */
  b2b: number;
};

export const TRADES: readonly Trade[] = [
  { kind: "Bakery", medianCents: 18_000, spread: 0.7, b2b: 0.4, services: ["wedding cake", "office catering", "weekly bread order", "birthday cake", "pastry platter"] },
  { kind: "Plumbing", medianCents: 65_000, spread: 0.9, b2b: 0.2, services: ["boiler service", "bathroom refit", "leak repair", "radiator install", "drain clearing"] },
  { kind: "Design Studio", medianCents: 320_000, spread: 0.8, b2b: 0.9, services: ["brand identity", "website redesign", "packaging design", "pitch deck", "illustration set"] },
  { kind: "Photography", medianCents: 120_000, spread: 0.6, b2b: 0.3, services: ["wedding shoot", "product photos", "headshots", "event coverage", "family portraits"] },
  { kind: "Landscaping", medianCents: 240_000, spread: 0.9, b2b: 0.25, services: ["garden redesign", "lawn care plan", "patio build", "hedge trimming", "tree removal"] },
  { kind: "Bookkeeping", medianCents: 90_000, spread: 0.5, b2b: 0.85, services: ["annual accounts", "VAT return", "payroll setup", "monthly bookkeeping", "tax advice"] },
];

export const LEAD_SOURCES = [
  ["website", 35], ["referral", 20], ["email", 12], ["phone", 12], ["instagram", 8], ["google_ads", 8], ["walk_in", 5],
] as const;

export type OrgProfile = {
  name: string;
  trade: Trade;
  currency: "EUR" | "GBP" | "USD";
  /** Leads per day on average (before scaling up for large seeds). */
  leadsPerDay: number;
  users: Actor[];
  system: Actor;
};

export function orgProfile(rng: Rng, faker: Faker): OrgProfile {
  const trade = rng.pick(TRADES);
  const name = `${faker.person.lastName()} ${trade.kind}`;
  return {
    name,
    trade,
    currency: rng.weighted([["EUR", 5], ["GBP", 3], ["USD", 2]] as const),
    leadsPerDay: 1 + rng.next() * 2,
    users: Array.from({ length: rng.int(1, 3) }, () => ({ id: rng.uuid(), type: "user" as const })),
    system: { id: rng.uuid(), type: "system" },
  };
}
