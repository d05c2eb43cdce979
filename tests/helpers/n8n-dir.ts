import { existsSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";

/**
 * A real n8n, installed outside the project (its size and Node-version range are not the
 * project's): the recipe is docs/n8n/README.md. CALM_N8N_DIR overrides the folder. No other
 * imports here: vitest.config.ts and scripts/test.ts read it too.
 */
export const N8N_DIR = process.env.CALM_N8N_DIR ?? path.join(homedir(), ".cache/calm-n8n");
export const N8N_BIN = path.join(N8N_DIR, "node_modules/.bin/n8n");
export const n8nInstalled = (): boolean => existsSync(N8N_BIN);

/**
 * Whether tests/n8n/real-n8n.int.test.ts runs: CALM_N8N=1 requires it (the file fails without
 * n8n), CALM_N8N=0 leaves it out, unset runs it exactly when n8n is installed.
 */
export function realN8nTest(): { file: string; included: boolean; reason: string } {
  const file = "tests/n8n/real-n8n.int.test.ts";
  const flag = process.env.CALM_N8N;
  if (flag === "1") return { file, included: true, reason: "CALM_N8N=1" };
  if (flag === "0") return { file, included: false, reason: "CALM_N8N=0" };
  return n8nInstalled()
    ? { file, included: true, reason: `n8n found at ${N8N_DIR}` }
    : { file, included: false, reason: `no n8n at ${N8N_DIR} (install it as docs/n8n/README.md says, or set CALM_N8N_DIR; CALM_N8N=1 makes its absence a failure)` };
}
