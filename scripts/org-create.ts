import "./load-env";
import { parseArgs } from "node:util";
import { env } from "~/env";
import { DEFAULT_KEY_SCOPES, parseScopes } from "~/server/auth/scopes";
import { getPool } from "~/server/db/pool";
import { createOrg } from "~/server/orgs/create-org";
import { unreachableDatabase } from "./lib/unreachable-database";

/**
 * `npm run org:create -- --name "Acme" [--email you@acme.example] [--password …] [--scopes …]`:
 * one JSON line on stdout (the password and API key shown this once), logs on stderr. The key gets
 * the default scopes unless --scopes lists others (act_as_users: for imports in users' names).
 */
const { values } = parseArgs({
  options: { name: { type: "string" }, email: { type: "string" }, password: { type: "string" }, scopes: { type: "string" } },
});
if (!values.name?.trim()) {
  process.stderr.write('--name is required, e.g. npm run org:create -- --name "Acme"\n');
  process.exit(2);
}
const scopes = values.scopes === undefined ? { scopes: [...DEFAULT_KEY_SCOPES] } : parseScopes(values.scopes);
if ("error" in scopes) {
  process.stderr.write(`${scopes.error}\n`);
  process.exit(2);
}
if (values.password !== undefined && values.password.length < 12) {
  process.stderr.write("--password must be at least 12 characters (leave it out for a random one)\n");
  process.exit(2);
}
const pool = getPool();
try {
  const org = await createOrg(pool, { name: values.name.trim(), email: values.email, password: values.password, keyScopes: scopes.scopes });
  process.stderr.write(`Created org "${values.name}" (${org.orgId}) with user ${org.email}\n`);
  process.stdout.write(
    `${JSON.stringify({ orgId: org.orgId, apiKey: org.apiKey, keyId: org.keyId, scopes: scopes.scopes, email: org.email, password: org.password })}\n`,
  );
} catch (e) {
  const why = unreachableDatabase(e, env.DATABASE_URL, !process.env.DATABASE_URL);
  if (!why) throw e;
  process.stderr.write(`${why}\n`);
  process.exitCode = 1;
} finally {
  await pool.end();
}
