import { type Page, expect } from "@playwright/test";
import { startSession } from "../../../src/server/auth/sessions";
import { SESSION_COOKIE, sealSessionId } from "../../../src/server/auth/session-cookie";
import { createPool } from "../../../src/server/db/pool";

/**
 * Signs the page in as the user with this email without the sign-in form: a session started as
 * the form's action starts it (sessions.ts), its id sealed into the cookie as the server seals it.
 * The form is tested by sign-in.spec.ts and the specs that start their own servers; every other
 * spec only needs to be signed in, and the form's round trips (its page, a bcrypt check, the
 * redirect) cost ~1.5 s a test on a 2-core CI machine. Ends on the dashboard, as the form does.
 */
export async function signInDirectly(page: Page, email: string): Promise<void> {
  const pool = createPool(process.env.E2E_DATABASE_URL!, 1);
  let sid: string;
  try {
    const user = await pool.query<{ userId: string; orgId: string }>(
      `SELECT id AS "userId", org_id AS "orgId" FROM users WHERE email = $1 AND disabled_at IS NULL`,
      [email],
    );
    if (!user.rows[0]) throw new Error(`no active user ${email} in the e2e database`);
    sid = await startSession(pool, user.rows[0]);
  } finally {
    await pool.end();
  }
  const value = await sealSessionId(sid);
  // Playwright's baseURL, which global-setup sets: where the page's relative gotos go.
  const url = process.env.PLAYWRIGHT_TEST_BASE_URL!;
  await page.context().addCookies([{ name: SESSION_COOKIE, value, url, httpOnly: true, sameSite: "Lax" }]);
  await page.goto("/");
  await expect(page).toHaveURL(/\/$/);
}

