import js from "@eslint/js";
import tseslint from "typescript-eslint";

const IO_MESSAGE = "src/domain is pure: no I/O, frameworks or server code (pass data and `now` in instead).";
const TESTING_MESSAGE = "src/domain/testing holds test support (fixtures, generators, models): import it from tests only.";
const UI_DB_MESSAGE =
  "The UI does not query: put the query in src/server/<read model>/ and read it through a tRPC procedure (the page caller or the hooks).";

export default tseslint.config(
  {
    // docs/n8n/code: n8n Code node bodies (top-level await and return), run by tests/n8n/workflow-files.ts.
    ignores: [".next/**", "node_modules/**", "src/server/db/generated/**", ".data/**", "next-env.d.ts", "test-results/**", "playwright-report/**", "coverage/**", "bench/tmp/**", "docs/n8n/code/**"],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // `_`-prefixed names are deliberately unused (placeholders in destructuring and callbacks).
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
    },
  },
  {
    // The domain core (event catalog, loop rules, folds) stays pure; adapters live in src/server.
    files: ["src/domain/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: ["pg", "ioredis", "next", "react", "react-dom", "node:fs", "node:net", "node:http", "node:https", "node:child_process", "fs", "net", "http", "https", "child_process"].map(
            (name) => ({ name, message: IO_MESSAGE }),
          ),
          patterns: [
            { group: ["@prisma/*", "~/server", "~/server/*", "next/*", "react-dom/*", "fs/*", "node:fs/*"], message: IO_MESSAGE },
            { regex: "^(\\.\\./)+server(/|$)", message: IO_MESSAGE },
          ],
        },
      ],
    },
  },
  {
    // Pages and components read through tRPC; queries live in src/server/<read model>/. Tests
    // beside a route may still set up and inspect their database.
    files: ["src/app/**", "src/components/**", "src/pages/**"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [{ name: "pg", message: UI_DB_MESSAGE }],
          patterns: [
            { group: ["pg/*", "@prisma/*", "~/server/db", "~/server/db/*"], message: UI_DB_MESSAGE },
            { regex: "^(\\.\\./)+(server/)?db(/|$)", message: UI_DB_MESSAGE },
          ],
        },
      ],
    },
  },
  {
    // Test support stays out of production code. (The TypeScript variant of the rule, so that it
    // adds to the blocks above instead of replacing their no-restricted-imports.)
    files: ["src/**/*.ts", "src/**/*.tsx"],
    ignores: ["**/*.test.ts", "**/*.test.tsx", "src/domain/testing/**", "**/*.contract.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        { patterns: [{ regex: "(^|/)domain/testing(/|$)|^(\\./|\\.\\./)+testing(/|$)", message: TESTING_MESSAGE }] },
      ],
    },
  },
  {
    // Playwright specs take `test` from tests/e2e/fixtures.ts, whose browser context fails a test
    // on any Content-Security-Policy violation of the pages it opened (issue 8, finding 6).
    files: ["tests/e2e/**/*.spec.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { paths: [{ name: "@playwright/test", importNames: ["test"], message: "import { test, expect } from \"./fixtures\" (it fails a test on any CSP violation)." }] },
      ],
    },
  },
);
