import "./load-env";
import { parseArgs } from "node:util";
import { env } from "~/env";
import { issueApiKey } from "~/server/auth/api-keys";
import { DEFAULT_KEY_SCOPES, parseScopes } from "~/server/auth/scopes";
import { getPool } from "~/server/db/pool";
import { unreachableDatabase } from "./lib/unreachable-database";

/**
 * `npm run key:create -- --org <org id> --name "Importer" [--scopes read,append,act_as_users]`:
 * one JSON line on stdout ({ keyId, apiKey }, the key shown this once), logs on stderr.
 */
const { values } = parseArgs({ options: { org: { type: "string" }, name: { type: "string" }, scopes: { type: "string" } } });
if (!values.org?.trim() || !values.name?.trim()) {
  process.stderr.write('--org and --name are required, e.g. npm run key:create -- --org <org id> --name "Importer"\n');
  process.exit(2);
}
const parsed = values.scopes === undefined ? { scopes: [...DEFAULT_KEY_SCOPES] } : parseScopes(values.scopes);
if ("error" in parsed) {
  process.stderr.write(`${parsed.error}\n`);
  process.exit(2);
}
const pool = getPool();
try {
  const made = /^[0-9a-f-]{36}$/i.test(values.org.trim()) ? await issueApiKey(pool, { orgId: values.org.trim(), name: values.name.trim(), scopes: parsed.scopes }) : null;
  if (!made) {
    process.stderr.write(`No org has the id ${values.org}.\n`);
    process.exitCode = 1;
  } else {
    process.stderr.write(`Created API key "${values.name.trim()}" (${made.keyId}) with scopes ${parsed.scopes.join(", ")}\n`);
    process.stdout.write(`${JSON.stringify({ keyId: made.keyId, apiKey: made.key, scopes: parsed.scopes })}\n`);
  }
} catch (e) {
  const why = unreachableDatabase(e, env.DATABASE_URL, !process.env.DATABASE_URL);
  if (!why) throw e;
  process.stderr.write(`${why}\n`);
  process.exitCode = 1;
} finally {
  await pool.end();
}
