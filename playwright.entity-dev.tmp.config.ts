import { defineConfig, devices } from "@playwright/test";
process.env.SESSION_SECRET ??= "dev-only-session-secret-change-me-0123456789";
process.env.WORKER_SECRET ??= "dev-only-worker-secret-change-me";
export default defineConfig({
  testDir: "tests/e2e",
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"]],
  use: { baseURL: "http://127.0.0.1:3117", trace: "off" },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], launchOptions: { executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] } } }],
});
