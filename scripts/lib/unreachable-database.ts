// Errors that mean "nothing answers at that address", as Node's net module names them.
const UNREACHABLE = new Set(["ECONNREFUSED", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "ETIMEDOUT", "EAI_AGAIN"]);

const codesOf = (e: unknown): string[] => {
  if (typeof e !== "object" || e === null) return [];
  const own = typeof (e as { code?: unknown }).code === "string" ? [(e as { code: string }).code] : [];
  const inner = e instanceof AggregateError ? e.errors.flatMap(codesOf) : [];
  return [...own, ...inner];
};

/**
 * One line saying what to do when a script's database does not answer, or null when `error` is
 * something else. `embedded`: DATABASE_URL is not set, so the database is the embedded Postgres
 * that `npm start` serves, which runs only while the app does.
 */
export function unreachableDatabase(error: unknown, url: string, embedded: boolean): string | null {
  if (!codesOf(error).some((c) => UNREACHABLE.has(c))) return null;
  const { host } = new URL(url);
  return embedded
    ? `No database answers at ${host}: without DATABASE_URL, scripts use the embedded Postgres that \`npm start\` serves. Start the app first (npm start, in another terminal), or set DATABASE_URL.`
    : `No database answers at ${host} (DATABASE_URL): start that Postgres, or point DATABASE_URL at one that runs.`;
}
