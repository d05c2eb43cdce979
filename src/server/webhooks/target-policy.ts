import { lookup as dnsLookup } from "node:dns";
import { isIP, type LookupFunction } from "node:net";
import { env } from "~/env";
import { classifyAddress, refusedAddress, type TargetPolicy } from "./address-policy";

/** The installation's policy: ALLOW_PRIVATE_WEBHOOKS, and loopback receivers in development. */
export const envTargetPolicy = (): TargetPolicy => ({ allowPrivate: env.ALLOW_PRIVATE_WEBHOOKS === "1", allowLoopback: env.NODE_ENV === "development" });

export type ResolveAll = (hostname: string) => Promise<string[]>;

/** Every address a name resolves to, as the HTTP client will see it (getaddrinfo, /etc/hosts included). */
export const resolveAll: ResolveAll = (hostname) =>
  new Promise((resolve, reject) => dnsLookup(hostname, { all: true }, (err, addresses) => (err ? reject(err) : resolve(addresses.map((a) => a.address)))));

export const MAX_URL_LENGTH = 2000;

/**
 * Whether a webhook may be created (or moved) to `raw`: an absolute https URL (http only where
 * private targets are allowed, or to loopback in development) without credentials in it, whose
 * host is, or resolves only to, addresses the policy allows. Resolving again at every connection
 * (guardedLookup) is what stops a name that later points inside (DNS rebinding).
 */
export async function checkTargetUrl(raw: string, policy: TargetPolicy, resolve: ResolveAll = resolveAll): Promise<{ ok: true; url: string } | { ok: false; message: string }> {
  if (raw.length > MAX_URL_LENGTH) return { ok: false, message: `must be at most ${MAX_URL_LENGTH} characters` };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, message: "must be an absolute URL such as https://hooks.example.com/calm" };
  }
  if (url.username || url.password) return { ok: false, message: "must not hold a user name or password: the signature authenticates Calm to the receiver" };
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const literal = isIP(host) !== 0;
  const loopbackName = host === "localhost" || host.endsWith(".localhost");
  if (url.protocol === "http:") {
    const loopback = loopbackName || (literal && classifyAddress(host) === "loopback");
    if (!policy.allowPrivate && !(policy.allowLoopback && loopback)) return { ok: false, message: "must use https" };
  } else if (url.protocol !== "https:") {
    return { ok: false, message: "must be an https URL" };
  }
  url.hash = "";
  if (policy.allowPrivate) return { ok: true, url: url.href };
  let addresses: string[];
  try {
    addresses = literal ? [host] : await resolve(host);
  } catch (e) {
    return { ok: false, message: `its host ${host} does not resolve (${(e as { code?: string }).code ?? "lookup failed"})` };
  }
  for (const a of addresses) {
    const why = refusedAddress(a, policy);
    if (why) return { ok: false, message: `must reach a public address: ${literal ? "" : `${host} resolves to `}${why}` };
  }
  return { ok: true, url: url.href };
}

/** The error a connection refused by the policy fails with (its message, as is, goes to the delivery log). */
export class RefusedTarget extends Error {
  override readonly name = "RefusedTarget";
}

/**
 * A `lookup` for the HTTP client that resolves the name and refuses to connect when any address
 * it gets is one the policy forbids: the check happens on the addresses actually connected to, so
 * a name that resolved to a public address at creation and to 127.0.0.1 now is refused now.
 */
export function guardedLookup(policy: TargetPolicy, lookupImpl: typeof dnsLookup = dnsLookup): LookupFunction {
  return ((hostname: string, options: { all?: boolean; family?: number }, callback: (err: Error | null, address?: unknown, family?: number) => void) => {
    lookupImpl(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err);
      for (const a of addresses) {
        const why = refusedAddress(a.address, policy);
        if (why) return callback(new RefusedTarget(`refused to connect: ${hostname} resolves to ${why}`));
      }
      if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }));
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  }) as LookupFunction;
}
