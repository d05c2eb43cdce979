import { randomUUID } from "node:crypto";
import { type APIRequestContext, type Page, expect } from "@playwright/test";
import { signInDirectly } from "./session";

// The demo business global-setup seeded, and small tools to act on it the way the app does.

export const DEMO_EMAIL = process.env.E2E_DEMO_EMAIL ?? "demo@calm.local";
/** Random per run (global-setup seeds the demo with it): no published password signs in. */
export const DEMO_PASSWORD = process.env.E2E_DEMO_PASSWORD ?? "";

/**
 * Signed in as the demo owner, on the dashboard: by a session started directly (session.ts), for
 * the specs that only need to be signed in. The form itself: signInAsDemoWithForm.
 */
export const signInAsDemo = (page: Page) => signInDirectly(page, DEMO_EMAIL);

/** Signed in through the sign-in form, as a person does (the cookie as the server sets it). */
export async function signInAsDemoWithForm(page: Page) {
  const timeout = 5_000;
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(DEMO_EMAIL);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  // Two workers signing in at once from one address can meet the sign-in throttle ("Too many
  // attempts. Wait 1 second"): an attempt counts until its password is found right. Try again then.
  await expect(async () => {
    if (!page.url().includes("/sign-in")) return;
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).not.toHaveURL(/\/sign-in/, { timeout });
  }).toPass({ timeout: timeout + 15_000 });
  await expect(page).toHaveURL(/\/$/);
}

/** tRPC over HTTP with whatever credential the request context carries (the page's cookie, or a key). */
export function trpc(request: APIRequestContext) {
  const unwrap = async <T>(res: Awaited<ReturnType<APIRequestContext["get"]>>) => {
    expect(res.ok(), await res.text()).toBe(true);
    return ((await res.json()) as { result: { data: T } }).result.data;
  };
  return {
    query: async <T>(path: string, input?: unknown) =>
      unwrap<T>(await request.get(`/api/trpc/${path}${input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`}`)),
    mutate: async <T>(path: string, input: unknown) => unwrap<T>(await request.post(`/api/trpc/${path}`, { data: input })),
  };
}

export type Loop = { id: string; type: string; severity: "high" | "medium"; entity_type: string; entity_id: string; entity_name: string | null };

/** A fresh lead (so a fresh new_lead loop, due in a day: "Coming up"), named so tests can find it. */
export async function newLead(request: APIRequestContext, label: string, actor?: { id: string; type: "system" }) {
  const name = `${label} ${randomUUID().slice(0, 6)}`;
  const deal = { type: "deal" as const, id: randomUUID() };
  await trpc(request).mutate("events.append", {
    id: randomUUID(),
    event_type: "lead_created",
    occurred_at: new Date().toISOString(),
    primary_entity: deal,
    payload: { name, source: "e2e" },
    ...(actor ? { actor } : {}),
  });
  return { name, deal, title: `Reply to new lead: ${name}` };
}

/** The open loop of a deal, once the projector has it. */
export async function loopOf(request: APIRequestContext, dealId: string): Promise<Loop> {
  let found: Loop | undefined;
  await expect(async () => {
    const list = await trpc(request).query<{ items: Loop[] }>("loops.list", { type: "new_lead", limit: 200 });
    found = list.items.find((l) => l.entity_id === dealId);
    expect(found).toBeDefined();
  }).toPass({ timeout: 15_000 });
  return found!;
}
