import "./load-env";
import { parseArgs } from "node:util";
import { env } from "~/env";
import { setUserDisabled } from "~/server/auth/users";
import { getPool } from "~/server/db/pool";
import { unreachableDatabase } from "./lib/unreachable-database";

/** `npm run user:disable -- --email a@b.c [--enable]`: a disabled user cannot sign in; their sessions end at once. */
const { values } = parseArgs({ options: { email: { type: "string" }, enable: { type: "boolean", default: false } } });
if (!values.email?.trim()) {
  process.stderr.write("--email is required, e.g. npm run user:disable -- --email someone@example.com (add --enable to undo)\n");
  process.exit(2);
}
const pool = getPool();
try {
  const done = await setUserDisabled(pool, values.email, !values.enable);
  if (!done) {
    process.stderr.write(`No user has the email ${values.email.trim().toLowerCase()}.\n`);
    process.exitCode = 1;
  } else if (values.enable) {
    process.stderr.write(`Enabled ${values.email}: they can sign in again.\n`);
  } else {
    process.stderr.write(`Disabled ${values.email}: they cannot sign in, and ${done.sessionsEnded} session(s) ended (on every instance within a second).\n`);
  }
} catch (e) {
  const why = unreachableDatabase(e, env.DATABASE_URL, !process.env.DATABASE_URL);
  if (!why) throw e;
  process.stderr.write(`${why}\n`);
  process.exitCode = 1;
} finally {
  await pool.end();
}
