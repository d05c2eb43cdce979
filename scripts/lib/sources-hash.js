// Plain JavaScript: next.config.js (which Node loads as is) imports it too.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** What `next build` compiles: a change to any of these makes a build stale. */
const INPUTS = ["src", "public", "next.config.js", "package-lock.json", "tsconfig.json", "scripts/lib/sources-hash.js"];
/** Tests sit beside the code but are not built. */
const NOT_BUILT = /\.(int\.)?test\.tsx?$|\.property\.(int\.)?test\.ts$|\.contract\.ts$/;

/**
 * A hash of the build's inputs (paths and contents). next.config.js makes it the build id, so
 * `.next/BUILD_ID` says which sources a build was made from, whoever ran `next build`; a build is
 * stale when the hash of the sources now differs (scripts/lib/next-build.ts). Contents, not
 * modification times: a file edited while a build runs, or restored with an old mtime, still
 * counts. Also what lets several servers built from the same sources agree on the build id.
 * @param {string} [root]
 * @returns {string}
 */
export function sourcesHash(root = ROOT) {
  const h = createHash("sha256");
  const add = (/** @type {string} */ rel) => {
    const abs = path.join(root, rel);
    if (!existsSync(abs)) return;
    if (statSync(abs).isDirectory()) {
      for (const name of readdirSync(abs).sort()) add(path.join(rel, name));
      return;
    }
    if (NOT_BUILT.test(rel)) return;
    h.update(rel).update("\0").update(readFileSync(abs)).update("\0");
  };
  for (const input of INPUTS) add(input);
  return `src-${h.digest("hex").slice(0, 20)}`;
}
