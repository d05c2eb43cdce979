import { BlockList, isIP } from "node:net";

/** Why an address is not a webhook target by default, or null for a public unicast address. */
export type AddressClass = "loopback" | "private" | "link-local" | "reserved";

const RANGES: [AddressClass, string, number, "ipv4" | "ipv6"][] = [
  ["loopback", "127.0.0.0", 8, "ipv4"],
  ["loopback", "::1", 128, "ipv6"],
  ["private", "10.0.0.0", 8, "ipv4"],
  ["private", "172.16.0.0", 12, "ipv4"],
  ["private", "192.168.0.0", 16, "ipv4"],
  ["private", "100.64.0.0", 10, "ipv4"], // carrier-grade NAT
  ["private", "fc00::", 7, "ipv6"], // unique local (fd00:ec2::254, a cloud metadata address, is here)
  // 169.254.169.254 (cloud metadata) and every other link-local address
  ["link-local", "169.254.0.0", 16, "ipv4"],
  ["link-local", "fe80::", 10, "ipv6"],
  ["reserved", "0.0.0.0", 8, "ipv4"],
  ["reserved", "192.0.0.0", 24, "ipv4"],
  ["reserved", "192.0.2.0", 24, "ipv4"],
  ["reserved", "198.18.0.0", 15, "ipv4"],
  ["reserved", "198.51.100.0", 24, "ipv4"],
  ["reserved", "203.0.113.0", 24, "ipv4"],
  ["reserved", "224.0.0.0", 4, "ipv4"], // multicast
  ["reserved", "240.0.0.0", 4, "ipv4"], // and 255.255.255.255
  ["reserved", "::", 128, "ipv6"],
  ["reserved", "100::", 64, "ipv6"],
  ["reserved", "2001:db8::", 32, "ipv6"],
  ["reserved", "fec0::", 10, "ipv6"],
  ["reserved", "ff00::", 8, "ipv6"],
];

const LISTS = new Map<AddressClass, BlockList>();
for (const [cls, net, prefix, type] of RANGES) {
  if (!LISTS.has(cls)) LISTS.set(cls, new BlockList());
  LISTS.get(cls)!.addSubnet(net, prefix, type);
}

/** An IPv4 address hidden in an IPv6 one (::ffff:a.b.c.d, NAT64 64:ff9b::a.b.c.d), judged as itself. */
function embeddedIpv4(address: string): string | null {
  const m = /^(?:::ffff:|64:ff9b::)(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/i.exec(address);
  if (!m) return null;
  if (m[1]) return m[1];
  const hi = parseInt(m[2]!, 16);
  const lo = parseInt(m[3]!, 16);
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join(".");
}

/** The class of a non-public address, or null for a public one (and for what is not an address). */
export function classifyAddress(address: string): AddressClass | null {
  const bare = address.replace(/^\[|\]$/g, "").replace(/%.*$/, ""); // [v6] as URLs write it; a zone id
  const family = isIP(bare);
  if (family === 0) return null;
  const v4 = family === 6 ? embeddedIpv4(bare) : null;
  const [addr, type] = v4 ? [v4, "ipv4" as const] : [bare, family === 4 ? ("ipv4" as const) : ("ipv6" as const)];
  for (const [cls, list] of LISTS) if (list.check(addr, type)) return cls;
  return null;
}

/** Where webhooks may go: by default public addresses only (no SSRF into the installation's network). */
export type TargetPolicy = {
  /** ALLOW_PRIVATE_WEBHOOKS=1: any address, and http too (self-hosting, tests). */
  allowPrivate: boolean;
  /** Development: loopback addresses (and http to them) for a receiver on the developer's machine. */
  allowLoopback: boolean;
};

/** Why `address` may not be connected to under `policy`, or null. */
export function refusedAddress(address: string, policy: TargetPolicy): string | null {
  if (policy.allowPrivate) return null;
  const cls = classifyAddress(address);
  if (!cls || (cls === "loopback" && policy.allowLoopback)) return null;
  return `${address} is a ${cls} address`;
}
