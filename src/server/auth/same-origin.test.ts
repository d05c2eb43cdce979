import { describe, expect, it } from "vitest";
import { parseTrustProxy } from "../http/client-ip";
import { type OriginConfig, isSameOriginRequest } from "./same-origin";

const h = (init: Record<string, string>) => new Headers(init);
const app = (appUrl: string | undefined, trust = "0"): OriginConfig => ({ appUrl, trust: parseTrustProxy(trust) });
const PUBLIC = app("https://calm.example.com");

describe("isSameOriginRequest with APP_URL", () => {
  it("accepts exactly the public origin", () => {
    expect(isSameOriginRequest(h({ host: "127.0.0.1:3000", origin: "https://calm.example.com", "sec-fetch-site": "same-origin" }), PUBLIC)).toBe(true);
  });

  it("compares scheme, host and port, not the host alone (issue 8, finding 11)", () => {
    for (const origin of ["http://calm.example.com", "https://calm.example.com:8443", "https://evil.example", "https://app.calm.example.com"]) {
      expect(isSameOriginRequest(h({ host: "calm.example.com", origin }), PUBLIC), origin).toBe(false);
    }
    expect(isSameOriginRequest(h({ host: "calm.example.com", origin: "https://calm.example.com:443" }), PUBLIC)).toBe(true);
  });

  it("a forged X-Forwarded-Host changes nothing", () => {
    const forged = h({ host: "calm.example.com", "x-forwarded-host": "evil.example", origin: "https://evil.example" });
    expect(isSameOriginRequest(forged, PUBLIC)).toBe(false);
    expect(isSameOriginRequest(forged, app("https://calm.example.com", "1"))).toBe(false);
  });

  it("refuses another site by Sec-Fetch-Site, a null Origin and an Origin that is not a URL", () => {
    expect(isSameOriginRequest(h({ origin: "https://calm.example.com", "sec-fetch-site": "cross-site" }), PUBLIC)).toBe(false);
    expect(isSameOriginRequest(h({ origin: "https://calm.example.com", "sec-fetch-site": "same-site" }), PUBLIC)).toBe(false);
    expect(isSameOriginRequest(h({ origin: "null" }), PUBLIC)).toBe(false);
    expect(isSameOriginRequest(h({ origin: "calm.example.com" }), PUBLIC)).toBe(false);
  });

  it("accepts a request without Origin (no browser posts across sites without one), from any header lookup", () => {
    expect(isSameOriginRequest(h({ host: "calm.example.com" }), PUBLIC)).toBe(true);
    // The Pages Router hands the tRPC context a lookup over Node's header object, not a Headers.
    const node: Record<string, string> = { host: "calm.example.com", origin: "https://evil.example" };
    expect(isSameOriginRequest({ get: (name: string) => node[name] ?? null }, PUBLIC)).toBe(false);
  });
});

describe("isSameOriginRequest without APP_URL (local development)", () => {
  const LOCAL = app(undefined);
  it("the request's own Host stands in, on loopback only", () => {
    expect(isSameOriginRequest(h({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000" }), LOCAL)).toBe(true);
    expect(isSameOriginRequest(h({ host: "localhost:3000", origin: "http://localhost:3000" }), LOCAL)).toBe(true);
    expect(isSameOriginRequest(h({ host: "localhost:3000", origin: "http://localhost:3001" }), LOCAL)).toBe(false);
    expect(isSameOriginRequest(h({ host: "calm.example.com", origin: "http://calm.example.com" }), LOCAL)).toBe(false);
    expect(isSameOriginRequest(h({ host: "127.0.0.1:3000", origin: "https://127.0.0.1:3000" }), LOCAL)).toBe(false);
  });

  it("forwarded headers count only under TRUST_PROXY (the old check honoured X-Forwarded-Host from anyone)", () => {
    const viaProxy = h({ host: "10.0.0.5:3000", "x-forwarded-host": "localhost:8080", "x-forwarded-proto": "https", origin: "https://localhost:8080" });
    expect(isSameOriginRequest(viaProxy, LOCAL)).toBe(false);
    expect(isSameOriginRequest(viaProxy, app(undefined, "1"))).toBe(true);
    const forged = h({ host: "127.0.0.1:3000", "x-forwarded-host": "evil.example", origin: "http://evil.example" });
    expect(isSameOriginRequest(forged, LOCAL)).toBe(false);
  });
});
