import { env } from "~/env";
import { isLoopbackHost } from "~/env-accounts";
import { type TrustProxy, forwardedValue, parseTrustProxy } from "../http/client-ip";

/** Where the app is reached: APP_URL's origin, and which forwarded headers to believe. */
export type OriginConfig = { appUrl: string | undefined; trust: TrustProxy };

export const originConfigFromEnv = (): OriginConfig => ({ appUrl: env.APP_URL, trust: parseTrustProxy(env.TRUST_PROXY) });

/**
 * True when a request comes from our own pages: the browser does not call it cross-site
 * (Sec-Fetch-Site) and its Origin, when sent, is exactly the app's: scheme, host and port equal
 * to APP_URL. Without APP_URL (local development) the request's own Host stands in, on loopback
 * only. Forwarded headers count only under TRUST_PROXY. The one check behind the tRPC guard for
 * cookie-session mutations, the sign-in route, and server actions (src/proxy.ts).
 */
export function isSameOriginRequest(headers: Pick<Headers, "get">, config: OriginConfig = originConfigFromEnv()): boolean {
  const site = headers.get("sec-fetch-site");
  if (site === "cross-site" || site === "same-site") return false;
  const origin = headers.get("origin");
  if (!origin) return true; // not a browser form post from another page (browsers send Origin on POST)
  let sent: string;
  try {
    sent = new URL(origin).origin;
  } catch {
    return false;
  }
  return sent !== "null" && sent === expectedOrigin(headers, config);
}

/** APP_URL, or without it the request's own origin if that is on loopback; null when unknown. */
export function expectedOrigin(headers: Pick<Headers, "get">, { appUrl, trust }: OriginConfig): string | null {
  if (appUrl) return appUrl;
  const host = forwardedValue(headers, "x-forwarded-host", trust) ?? headers.get("host");
  const proto = forwardedValue(headers, "x-forwarded-proto", trust) ?? "http";
  if (!host || (proto !== "http" && proto !== "https")) return null;
  try {
    const url = new URL(`${proto}://${host}`);
    return isLoopbackHost(url.hostname) ? url.origin : null;
  } catch {
    return null;
  }
}
