import { describe, expect, it } from "vitest";
import { clientIp, forwardedValue, normalizeIp, parseTrustProxy, throttleClient } from "./client-ip";

const h = (init: Record<string, string>) => new Headers(init);

describe("clientIp", () => {
  it("without TRUST_PROXY, the socket's address whatever the headers claim", () => {
    const none = parseTrustProxy("0");
    expect(clientIp("198.51.100.7", h({ "x-forwarded-for": "1.2.3.4", "x-real-ip": "5.6.7.8" }), none)).toBe("198.51.100.7");
    expect(clientIp("::ffff:198.51.100.7", h({}), none)).toBe("198.51.100.7");
  });

  it("with N hops, X-Forwarded-For read from the right: what the client wrote further left is ignored", () => {
    const headers = h({ "x-forwarded-for": "6.6.6.6, 203.0.113.5" }); // the client forged 6.6.6.6; our proxy appended .5
    expect(clientIp("10.0.0.2", headers, parseTrustProxy("1"))).toBe("203.0.113.5");
    expect(clientIp("10.0.0.2", h({ "x-forwarded-for": "6.6.6.6, 203.0.113.5, 10.0.0.9" }), parseTrustProxy("2"))).toBe("203.0.113.5");
    // Fewer entries than hops: the leftmost there is.
    expect(clientIp("10.0.0.2", h({}), parseTrustProxy("1"))).toBe("10.0.0.2");
  });

  it("with a header name, that header's (last) value; a value that is no address falls back to the socket", () => {
    const trust = parseTrustProxy("X-Real-IP");
    expect(trust).toEqual({ kind: "header", name: "x-real-ip" });
    expect(clientIp("10.0.0.2", h({ "x-real-ip": "203.0.113.9" }), trust)).toBe("203.0.113.9");
    expect(clientIp("10.0.0.2", h({ "x-real-ip": "not an ip" }), trust)).toBe("10.0.0.2");
  });
});

describe("forwardedValue", () => {
  it("is null unless a proxy is trusted", () => {
    const headers = h({ "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" });
    expect(forwardedValue(headers, "x-forwarded-host", parseTrustProxy("0"))).toBeNull();
    expect(forwardedValue(headers, "x-forwarded-host", parseTrustProxy("1"))).toBe("evil.example");
    expect(forwardedValue(h({ "x-forwarded-proto": "http, https" }), "x-forwarded-proto", parseTrustProxy("1"))).toBe("https");
  });
});

describe("addresses", () => {
  it("normalizes spellings and refuses what is not an address", () => {
    expect(normalizeIp("[2001:DB8::1]")).toBe("2001:db8::1");
    expect(normalizeIp("fe80::1%eth0")).toBe("fe80::1");
    expect(normalizeIp("203.0.113.1:443")).toBeNull();
    expect(normalizeIp("")).toBeNull();
  });

  it("a throttle counts an IPv6 client by its /64 and an IPv4 client by its address", () => {
    expect(throttleClient("2001:db8:1:2::1")).toBe("2001:db8:1:2::/64");
    expect(throttleClient("2001:db8:1:2:ffff:ffff:ffff:ffff")).toBe("2001:db8:1:2::/64");
    expect(throttleClient("2001:db8::")).toBe("2001:db8:0:0::/64");
    expect(throttleClient("::1")).toBe("0:0:0:0::/64");
    expect(throttleClient("203.0.113.1")).toBe("203.0.113.1");
  });
});
