import js from "@eslint/js";
import tseslint from "typescript-eslint";

const IO_MESSAGE = "src/domain is pure: no I/O, frameworks or server code (pass data and `now` in instead).";

export default tseslint.config(
  {
    ignores: [".next/**", "node_modules/**", "src/server/db/generated/**", ".data/**", "next-env.d.ts", "test-results/**", "playwright-report/**", "coverage/**"],
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
);
