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
};

export default config;
