// When the database cannot be reached, callers get a plain 503 ("retry shortly"), never the
// driver's text (it named internal addresses: "connect ECONNREFUSED 127.0.0.1:5440").

export const DATABASE_UNAVAILABLE = "the database is unavailable; retry shortly";

/** Seconds a client is asked to wait (Retry-After) before trying again. */
export const RETRY_AFTER_SECONDS = 5;

/** Socket-level failures of the connection itself (Node's error codes). */
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "EPIPE"]);

/**
 * SQLSTATEs meaning "the server cannot serve us now", not "this request is wrong": connection
 * exceptions (class 08), too many connections, shutting down or starting up, and the
 * misconfigurations a client cannot fix either (the database or the role missing, bad password).
 */
const UNAVAILABLE_SQLSTATES = new Set(["53300", "57P01", "57P02", "57P03", "3D000", "28000", "28P01"]);

/** pg and pg-pool's own messages for a lost or never-made connection (they carry no code). */
const DRIVER_MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable|Cannot use a pool after calling end)/;

/** True when `e` (or its cause, or one of an AggregateError's errors) says the database is out of reach. */
export function isDatabaseUnavailable(e: unknown, depth = 0): boolean {
  if (!e || typeof e !== "object" || depth > 5) return false;
  const err = e as { code?: unknown; syscall?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof err.code === "string") {
    if (NETWORK_CODES.has(err.code) || UNAVAILABLE_SQLSTATES.has(err.code) || /^08[0-9A-Z]{3}$/.test(err.code)) return true;
    if (err.code === "ENOENT" && err.syscall === "connect") return true; // a Unix socket that is not there
  }
  if (typeof err.message === "string" && DRIVER_MESSAGES.test(err.message)) return true;
  if (Array.isArray(err.errors) && err.errors.some((x) => isDatabaseUnavailable(x, depth + 1))) return true;
  return isDatabaseUnavailable(err.cause, depth + 1);
}

let lastLogged = 0;
let suppressed = 0;

/**
 * Logs the real error (the server log is where it belongs), at most once every 10 s during an
 * outage: every request fails the same way, and a flood of identical lines hides the first one.
 */
export function logDatabaseUnavailable(where: string, e: unknown, now = Date.now()): void {
  if (now - lastLogged < 10_000) {
    suppressed++;
    return;
  }
  const more = suppressed > 0 ? ` (${suppressed} more since the last report)` : "";
  lastLogged = now;
  suppressed = 0;
  console.error(`[db] unavailable in ${where}${more}:`, e);
}
