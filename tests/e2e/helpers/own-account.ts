import { randomUUID } from "node:crypto";
import { type Page, expect } from "@playwright/test";
import { createPool } from "../../../src/server/db/pool";
import { createOrg } from "../../../src/server/orgs/create-org";

/**
 * An org and user of a test's own, inserted into the e2e database: for tests that end every
 * session of their user (sign out of all devices), which must not sign out the demo user other
 * specs are using at the same time.
 */
export async function createOwnAccount(name: string): Promise<{ email: string; password: string; orgName: string }> {
  const pool = createPool(process.env.E2E_DATABASE_URL!, 1);
  try {
    const orgName = `${name} ${randomUUID().slice(0, 6)}`;
    const org = await createOrg(pool, { name: orgName, password: `pw-${randomUUID()}` });
    return { email: org.email, password: org.password, orgName };
  } finally {
    await pool.end();
  }
}

export async function signInAs(page: Page, who: { email: string; password: string }) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/$/);
}
