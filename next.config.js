import process from "node:process";
import { sourcesHash } from "./scripts/lib/sources-hash.js";

/**
 * Next.js configuration (ESM: package.json has "type": "module").
 *
 * The environment is validated by src/env.ts when the server code first imports it. t3's habit of
 * importing it here does not work for us: this file is plain JavaScript loaded by Node 20, which
 * cannot import a .ts module, and Next only transpiles a next.config.ts.
 *
 * @type {import("next").NextConfig}
 */
const config = {
  reactStrictMode: true,
  // The build id is a hash of the sources: a stale build can be told from a fresh one (never served
  // to e2e or benches: scripts/lib/next-build.ts), and instances built from one commit agree.
  generateBuildId: () => sourcesHash(),
  // No "X-Powered-By: Next.js": it tells an attacker which exploits to try, and nobody else needs it.
  poweredByHeader: false,
  // `npm run typecheck` checks the routes' types too (`next typegen`, then tsc over .next/types),
  // and CI runs it before `npm test`; so the build the e2e suite starts (CALM_BUILD_SKIP_TYPECHECK=1)
  // skips Next's own pass of that check, 26 s of the suite on a 2-core machine. Other builds check.
  typescript: { ignoreBuildErrors: process.env.CALM_BUILD_SKIP_TYPECHECK === "1" },
  experimental: {
    // What Next buffers of a request body for the proxy (src/proxy.ts: pages and server actions,
    // whose own limit is 1 MB); /api is not proxied and bounds its body itself (MAX_BODY_BYTES).
    proxyClientMaxBodySize: "1mb",
  },
  // Node-only packages loaded at run time instead of bundled: native-ish drivers, WebAssembly
  // (PGlite ships .wasm and data files it reads from its own folder) and Prisma's generated client.
  serverExternalPackages: [
    "pg",
    "ioredis",
    "@electric-sql/pglite",
    "@electric-sql/pglite-socket",
    "@prisma/client",
    "@prisma/adapter-pg",
    "@prisma/schema-engine-wasm",
  ],
  // Issue 8, finding 6. Every response: no framing (clickjacking of Resolve/Dismiss), no MIME
  // sniffing, no full URLs in Referer to other sites, no powers the app does not use. Pages get
  // their nonce-based Content-Security-Policy (and HSTS on https) from src/proxy.ts; API answers,
  // which are data and never documents, get one that allows nothing. tests/e2e/security-headers.spec.ts.
  async headers() {
    const everywhere = [
      { key: "X-Frame-Options", value: "DENY" },
      { key: "X-Content-Type-Options", value: "nosniff" },
      { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
      {
        key: "Permissions-Policy",
        value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), hid=(), midi=(), display-capture=(), browsing-topics=()",
      },
      { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
      { key: "Cross-Origin-Resource-Policy", value: "same-origin" },
    ];
    const api = [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'" }];
    return [
      { source: "/:path*", headers: everywhere },
      { source: "/api/:path*", headers: api },
    ];
  },
};

export default config;
