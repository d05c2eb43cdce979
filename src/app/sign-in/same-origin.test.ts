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
});
