/**
 * True when a cookie-changing request (sign-in, sign-out) comes from our own pages: the browser
 * says so (Sec-Fetch-Site) and the Origin, when sent, names this host. Same rule as the tRPC
 * context's guard for session mutations.
 */
export function isSameOriginRequest(headers: Headers): boolean {
  const site = headers.get("sec-fetch-site");
  if (site === "cross-site" || site === "same-site") return false;
  const origin = headers.get("origin");
  if (!origin) return true; // not a browser form post from another page (browsers send Origin on POST)
  const host = headers.get("x-forwarded-host") ?? headers.get("host");
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
