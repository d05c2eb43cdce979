import "./load-env";
import { parseArgs } from "node:util";
import { env } from "~/env";
import { revokeApiKey } from "~/server/auth/api-keys";
import { getPool } from "~/server/db/pool";
import { unreachableDatabase } from "./lib/unreachable-database";

/** `npm run key:revoke -- --org <org id> --key <key id>`: the key stops working on every instance within a second. */
const { values } = parseArgs({ options: { org: { type: "string" }, key: { type: "string" } } });
const uuid = /^[0-9a-f-]{36}$/i;
if (!uuid.test(values.org?.trim() ?? "") || !uuid.test(values.key?.trim() ?? "")) {
  process.stderr.write("--org and --key (the key's id, as key:create and org:create print it) are required\n");
  process.exit(2);
}
const pool = getPool();
try {
  if (await revokeApiKey(pool, values.org!.trim(), values.key!.trim())) {
    process.stderr.write(`Revoked key ${values.key}: refused on every instance within a second.\n`);
  } else {
    process.stderr.write(`The org ${values.org} has no live key ${values.key}.\n`);
    process.exitCode = 1;
  }
} catch (e) {
  const why = unreachableDatabase(e, env.DATABASE_URL, !process.env.DATABASE_URL);
  if (!why) throw e;
  process.stderr.write(`${why}\n`);
  process.exitCode = 1;
} finally {
  await pool.end();
}
