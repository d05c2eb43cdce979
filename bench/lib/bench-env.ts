// Import first in a bench entry point: loads .env like the scripts do, and where it is missing
// takes the development secrets from .env.example (a bench needs no real ones), so that src/env.ts
// validates. The bench's own databases come from BENCH_ADMIN_URL, not DATABASE_URL.
import { readFileSync } from "node:fs";
import path from "node:path";
import "../../scripts/load-env";

const example = readFileSync(path.resolve(import.meta.dirname, "../../.env.example"), "utf8");
for (const name of ["SESSION_SECRET", "WORKER_SECRET"]) {
  if (process.env[name]) continue;
  const line = example.split("\n").find((l) => l.startsWith(`${name}=`));
  if (line) process.env[name] = line.slice(name.length + 1).trim();
}
