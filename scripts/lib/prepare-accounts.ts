import type pg from "pg";
import { type DemoResult, disableDemoUser, seedDemo } from "../seed/demo";

export type AccountsReport = { demo: DemoResult | null; demoDisabled: boolean; noUsers: boolean };

/**
 * Who can sign in after `npm start`: with the demo wanted, the demo business (its user's password
 * the installation's own); without, no demo user stays usable, and an empty database is reported
 * so that start can say how to create the first org.
 */
export async function prepareAccounts(pool: pg.Pool, opts: { demoPassword: string | null; now: Date }): Promise<AccountsReport> {
  if (opts.demoPassword !== null) {
    return { demo: await seedDemo(pool, { now: opts.now, password: opts.demoPassword }), demoDisabled: false, noUsers: false };
  }
  const demoDisabled = await disableDemoUser(pool, opts.now);
  const res = await pool.query<{ none: boolean }>("SELECT NOT EXISTS (SELECT 1 FROM users WHERE disabled_at IS NULL) AS none");
  return { demo: null, demoDisabled, noUsers: res.rows[0]!.none };
}

/** What start prints when nobody can sign in yet. */
export const FIRST_ORG_HINT = [
  "No one can sign in yet. Create your organisation and its first user (in another terminal, while this runs or not):",
  '  npm run org:create -- --name "Your business" --email you@example.com',
  "It prints the user's password (or pass --password) and an API key, once. The demo business is seeded only",
  "on the embedded database, or with `npm start -- --demo` / CALM_DEMO=1.",
];
