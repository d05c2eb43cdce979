import path from "node:path";
import { defineConfig } from "vitest/config";
import { realN8nTest } from "./tests/helpers/n8n-dir.js";

// The docs/n8n workflows in a real n8n run only where one is installed (tests/helpers/n8n-dir.ts):
// left out otherwise, and said so on every run rather than counted as a skipped pass.
const n8n = realN8nTest();
if (!n8n.included) process.stderr.write(`[vitest] ${n8n.file} NOT RUN: ${n8n.reason}\n`);

export default defineConfig({
  resolve: { alias: { "~": path.resolve(import.meta.dirname, "src") } },
  test: {
    include: ["src/**/*.test.ts", "tests/**/*.test.ts", "scripts/**/*.test.ts"],
    exclude: ["tests/e2e/**", "node_modules/**", ...(n8n.included ? [] : [n8n.file])],
    globalSetup: ["tests/helpers/global-setup.ts"],
    // Integration files get their own database each, so files run in parallel; 2 cores here.
    maxWorkers: 2,
    // Worker threads rather than child processes (vitest 4's default): the whole suite in 254 s
    // against 273 s, same machine, minutes apart (2026-12-02); nothing here needs a process of its own.
    pool: "threads",
    // Files share their worker's modules instead of importing the server afresh each: module
    // loading was 84 s of the files' summed time, 10 s shared; the suite 188 s against 274 s here
    // (2026-12-02). A file that changes the environment or modules for itself restores them after
    // (vi.stubEnv / vi.unstubAllEnvs, vi.resetModules: the tick route's and session rotation's).
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: {
      NODE_ENV: "test",
      SESSION_SECRET: "test-session-secret-0123456789-abcdefghij",
      WORKER_SECRET: "test-worker-secret-0123456789",
      WEBHOOK_SECRET_KEY: "test-webhook-secret-key-0123456789-abcdefghij",
      WORKER_DISABLED: "1",
    },
  },
});
