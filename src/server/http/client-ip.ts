import { isIP } from "node:net";

/** What TRUST_PROXY says to believe: nothing, N proxy hops of X-Forwarded-*, or one header naming the client. */
export type TrustProxy = { kind: "none" } | { kind: "hops"; hops: number } | { kind: "header"; name: string };

/** Reads TRUST_PROXY's validated value (src/env-accounts.ts). */
export function parseTrustProxy(value: string): TrustProxy {
  if (/^\d+$/.test(value)) return value === "0" ? { kind: "none" } : { kind: "hops", hops: Number(value) };
  return { kind: "header", name: value.toLowerCase() };
}

type HeaderLookup = Pick<Headers, "get">;

const list = (value: string | null): string[] =>
  (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * The client's address: the socket's unless TRUST_PROXY says a proxy in front sets it. With N
 * hops, X-Forwarded-For is read from the right (each proxy appends what it saw; anything further
 * left is the client's own word). A value that is not an address falls back to the socket's.
 */
export function clientIp(socketIp: string | undefined, headers: HeaderLookup, trust: TrustProxy): string {
  const socket = normalizeIp(socketIp ?? "") ?? "unknown";
  if (trust.kind === "none") return socket;
  if (trust.kind === "header") return normalizeIp(list(headers.get(trust.name)).at(-1) ?? "") ?? socket;
  const chain = [...list(headers.get("x-forwarded-for")), socket];
  return normalizeIp(chain[Math.max(0, chain.length - 1 - trust.hops)]!) ?? socket;
}

/**
 * The value a forwarded header (X-Forwarded-Proto/-Host) has as set by the outermost trusted
 * proxy; null when none is trusted or it is absent.
 */
export function forwardedValue(headers: HeaderLookup, name: string, trust: TrustProxy): string | null {
  if (trust.kind === "none") return null;
  const values = list(headers.get(name));
  if (values.length === 0) return null;
  return trust.kind === "hops" ? values[Math.max(0, values.length - trust.hops)]! : values.at(-1)!;
}

/** An address in one spelling (IPv4-mapped IPv6 as IPv4, brackets and zone dropped), or null. */
export function normalizeIp(raw: string): string | null {
  let ip = raw.trim().replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  if (/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(ip)) ip = ip.slice(7);
  const v = isIP(ip);
  return v === 0 ? null : v === 4 ? ip : ip.toLowerCase();
}

/**
 * What a throttle counts as one client: an IPv4 address, or an IPv6 /64 (one subscriber's
 * network, which hands its owner any of 2^64 addresses).
 */
export function throttleClient(ip: string): string {
  if (isIP(ip) !== 6) return ip;
  const [head = "", tail = ""] = ip.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = ip.includes("::") ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right] : left;
  return `${groups.slice(0, 4).map((g) => Number.parseInt(g || "0", 16).toString(16)).join(":")}::/64`;
}
