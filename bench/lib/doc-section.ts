import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Replaces the section between `<!-- bench:<key>:start -->` and `<!-- bench:<key>:end -->` in a
 * markdown file (appending it when missing), leaving every other section as it is.
 */
export function replaceDocSection(file: string, key: string, markdown: string) {
  const start = `<!-- bench:${key}:start -->`;
  const end = `<!-- bench:${key}:end -->`;
  const section = `${start}\n${markdown.trim()}\n${end}`;
  mkdirSync(path.dirname(file), { recursive: true });
  const current = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n\nFigures from the `npm run bench:*` scripts, each section rewritten by its own script.\n";
  const at = current.indexOf(start);
  const endAt = current.indexOf(end);
  const next = at >= 0 && endAt > at ? current.slice(0, at) + section + current.slice(endAt + end.length) : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
}
