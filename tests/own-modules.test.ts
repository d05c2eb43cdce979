import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { NEEDS_OWN_MODULES, OWN_MODULES } from "./helpers/own-modules";

// Most test files share their worker's modules (vitest.config.ts): a file that swaps modules or
// the environment, or runs Prisma's schema engine, would leak that into the files after it.

const root = path.resolve(import.meta.dirname, "..");
const testFiles = ["src", "tests", "scripts"].flatMap((dir) =>
  readdirSync(path.join(root, dir), { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".test.ts") && !f.includes("node_modules"))
    .map((f) => path.join(dir, f).split(path.sep).join("/")),
);

describe("test files that need modules of their own", () => {
  it("are all listed in OWN_MODULES, and every listed file exists and needs it", () => {
    const needing = testFiles.filter((f) => f !== "tests/own-modules.test.ts" && NEEDS_OWN_MODULES.test(readFileSync(path.join(root, f), "utf8")));
    expect(needing.length).toBeGreaterThan(0);
    expect([...needing].sort()).toEqual([...OWN_MODULES].sort());
  });
});
