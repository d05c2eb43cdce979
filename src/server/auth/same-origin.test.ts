import { describe, expect, it } from "vitest";
import { isSameOriginRequest } from "./same-origin";

const h = (init: Record<string, string>) => new Headers(init);

describe("isSameOriginRequest", () => {
  it("accepts our own origin", () => {
    expect(isSameOriginRequest(h({ host: "calm.test", origin: "https://calm.test", "sec-fetch-site": "same-origin" }))).toBe(true);
  });
  it("refuses another site by Sec-Fetch-Site or by Origin", () => {
    expect(isSameOriginRequest(h({ host: "calm.test", origin: "https://calm.test", "sec-fetch-site": "cross-site" }))).toBe(false);
    expect(isSameOriginRequest(h({ host: "calm.test", origin: "https://evil.test" }))).toBe(false);
    expect(isSameOriginRequest(h({ host: "calm.test", origin: "null" }))).toBe(false);
  });
  it("honours the proxy's forwarded host", () => {
    expect(isSameOriginRequest(h({ host: "127.0.0.1:3000", "x-forwarded-host": "calm.test", origin: "https://calm.test" }))).toBe(true);
  });
  it("refuses a sibling subdomain and an Origin that is not a URL", () => {
    expect(isSameOriginRequest(h({ host: "calm.test", origin: "https://calm.test", "sec-fetch-site": "same-site" }))).toBe(false);
    expect(isSameOriginRequest(h({ host: "calm.test", origin: "https://app.calm.test" }))).toBe(false);
    expect(isSameOriginRequest(h({ host: "calm.test", origin: "calm.test" }))).toBe(false);
  });
  it("accepts a request without Origin (no browser posts across sites without one), from any header lookup", () => {
    expect(isSameOriginRequest(h({ host: "calm.test" }))).toBe(true);
    // The Pages Router hands the tRPC context a lookup over Node's header object, not a Headers.
    const node: Record<string, string> = { host: "calm.test", origin: "https://evil.test" };
    expect(isSameOriginRequest({ get: (name: string) => node[name] ?? null })).toBe(false);
  });
});
