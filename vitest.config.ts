import path from "node:path";
import { defineConfig } from "vitest/config";
import { realN8nTest } from "./tests/helpers/n8n-dir.js";
import { OWN_MODULES } from "./tests/helpers/own-modules.js";

// The docs/n8n workflows in a real n8n run only where one is installed (tests/helpers/n8n-dir.ts):
// left out otherwise, and said so on every run rather than counted as a skipped pass.
const n8n = realN8nTest();
if (!n8n.included) process.stderr.write(`[vitest] ${n8n.file} NOT RUN: ${n8n.reason}\n`);

const INCLUDE = ["src/**/*.test.ts", "tests/**/*.test.ts", "scripts/**/*.test.ts"];
// `npm run test:unit`: the unit tier only (vitest's --exclude does not reach the projects below).
const UNIT_ONLY = process.env.CALM_TEST_TIER === "unit";
const EXCLUDE = ["tests/e2e/**", "node_modules/**", ...(n8n.included ? [] : [n8n.file]), ...(UNIT_ONLY ? ["**/*.int.test.ts"] : [])];

export default defineConfig({
  resolve: { alias: { "~": path.resolve(import.meta.dirname, "src") } },
  test: {
    globalSetup: ["tests/helpers/global-setup.ts"],
    // Integration files get their own database each, so files run in parallel; 2 cores here.
    maxWorkers: 2,
    // Worker threads rather than child processes (vitest 4's default): the whole suite in 254 s
    // against 273 s, same machine, minutes apart (2026-12-02); nothing here needs a process of its own.
    pool: "threads",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: {
      NODE_ENV: "test",
      SESSION_SECRET: "test-session-secret-0123456789-abcdefghij",
      WORKER_SECRET: "test-worker-secret-0123456789",
      WEBHOOK_SECRET_KEY: "test-webhook-secret-key-0123456789-abcdefghij",
      WORKER_DISABLED: "1",
    },
    // Most files share their worker's modules instead of importing the server afresh each: module
    // loading was 84 s of the files' summed time, 10 s shared; the suite 188 s against 274 s here
    // (2026-12-02). The files that swap modules (vi.resetModules) or run Prisma's schema engine (its
    // WASM state did not survive being shared: a migration hung in one shuffled order) keep their own.
    projects: [
      // (include and exclude are set here only: extends merges arrays with the root's.)
      { extends: true, test: { name: "shared", isolate: false, include: INCLUDE, exclude: [...EXCLUDE, ...OWN_MODULES] } },
      { extends: true, test: { name: "own-modules", isolate: true, include: OWN_MODULES, exclude: EXCLUDE } },
    ],
  },
});
