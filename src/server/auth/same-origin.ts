/**
 * True when a request comes from our own pages: the browser says so (Sec-Fetch-Site) and the
 * Origin, when sent, names this host (or the proxy's forwarded host). The one check behind the
 * tRPC context's guard for cookie-session mutations and the sign-in and sign-out actions.
 */
export function isSameOriginRequest(headers: Pick<Headers, "get">): boolean {
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
