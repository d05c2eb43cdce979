import "./load-env";
import { parseArgs } from "node:util";
import { env } from "~/env";
import { getPool } from "~/server/db/pool";
import { createOrg } from "~/server/orgs/create-org";
import { unreachableDatabase } from "./lib/unreachable-database";

/** `npm run org:create -- --name "Acme"`: one JSON line on stdout, logs on stderr. */
const { values } = parseArgs({
  options: { name: { type: "string" }, email: { type: "string" }, password: { type: "string" } },
});
if (!values.name?.trim()) {
  process.stderr.write('--name is required, e.g. npm run org:create -- --name "Acme"\n');
  process.exit(2);
}
const pool = getPool();
try {
  const org = await createOrg(pool, { name: values.name.trim(), email: values.email, password: values.password });
  process.stderr.write(`Created org "${values.name}" (${org.orgId}) with user ${org.email}\n`);
  process.stdout.write(
    `${JSON.stringify({ orgId: org.orgId, apiKey: org.apiKey, email: org.email, password: org.password })}\n`,
  );
} catch (e) {
  const why = unreachableDatabase(e, env.DATABASE_URL, !process.env.DATABASE_URL);
  if (!why) throw e;
  process.stderr.write(`${why}\n`);
  process.exitCode = 1;
} finally {
  await pool.end();
}
