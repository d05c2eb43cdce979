import { describe, expect, it } from "vitest";
import { hsts, newNonce, pageCsp, pageSecurityHeaders } from "./security-headers";

describe("the pages' Content-Security-Policy", () => {
  it("runs scripts only with the nonce, allows no inline code or eval in production, and no framing", () => {
    const csp = pageCsp({ nonce: "abc", dev: false, https: false });
    expect(csp).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(csp).toContain("style-src 'self' 'nonce-abc'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|upgrade-insecure-requests/);
    expect(pageCsp({ nonce: "abc", dev: false, https: true })).toContain("upgrade-insecure-requests");
    expect(pageCsp({ nonce: "abc", dev: true, https: false })).toContain("'unsafe-eval'");
  });

  it("gets a fresh, unguessable nonce per request, in the request header Next reads and in the answer", () => {
    const nonces = new Set(Array.from({ length: 1000 }, newNonce));
    expect(nonces.size).toBe(1000);
    expect(Buffer.from([...nonces][0]!, "base64")).toHaveLength(16);
    const h = pageSecurityHeaders(new Headers({ cookie: "a=b" }), { dev: false, appUrl: undefined });
    const nonce = h.request.get("x-nonce")!;
    expect(h.request.get("content-security-policy")).toContain(`'nonce-${nonce}'`);
    expect(h.response["content-security-policy"]).toBe(h.request.get("content-security-policy"));
    expect(h.request.get("cookie")).toBe("a=b");
    expect(h.response["strict-transport-security"]).toBeUndefined();
  });

  it("sends HSTS only when the public URL is https", () => {
    expect(hsts("https://calm.example.com")).toBe("max-age=31536000");
    expect(hsts("http://127.0.0.1:3000")).toBeNull();
    expect(hsts(undefined)).toBeNull();
    expect(pageSecurityHeaders(new Headers(), { dev: false, appUrl: "https://calm.example.com" }).response["strict-transport-security"]).toBe("max-age=31536000");
  });
});
