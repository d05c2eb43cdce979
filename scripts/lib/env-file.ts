import { randomBytes } from "node:crypto";
import { parseEnv } from "node:util";

/** A random secret for .env: 256 bits, base64url (no characters a shell or dotenv would mangle). */
export const randomSecret = (bytes = 32): string => randomBytes(bytes).toString("base64url");

/** The secrets `npm start` writes into .env when they are set nowhere: never the published examples. */
export const GENERATED_SECRETS = ["SESSION_SECRET", "WORKER_SECRET", "WEBHOOK_SECRET_KEY"] as const;

/**
 * `text` (a .env file) with each `NAME=value` set: an existing line `NAME=…` (commented out or
 * not) is replaced in place, keeping its comments around it; otherwise the line is appended.
 */
export function withValues(text: string, values: Record<string, string>): string {
  const lines = text.split("\n");
  const missing: string[] = [];
  for (const [name, value] of Object.entries(values)) {
    const at = lines.findIndex((l) => new RegExp(`^\\s*#?\\s*${name}=`).test(l));
    if (at >= 0) lines[at] = `${name}=${value}`;
    else missing.push(`${name}=${value}`);
  }
  if (missing.length === 0) return lines.join("\n");
  const body = lines.join("\n").replace(/\n*$/, "\n");
  return `${body}\n# Written by npm start (random, for this installation only).\n${missing.join("\n")}\n`;
}

/** Which values `npm start` must make up: the secrets set nowhere, and the demo password when the demo is wanted. */
export function valuesToGenerate(env: Record<string, string | undefined>, demo: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of GENERATED_SECRETS) if (!env[name]) out[name] = randomSecret();
  if (demo && !env.CALM_DEMO_PASSWORD) out.CALM_DEMO_PASSWORD = randomSecret(12);
  return out;
}

/** The demo business is seeded on the embedded default, or when asked (`--demo`, CALM_DEMO=1). */
export const demoWanted = (o: { embedded: boolean; argv: readonly string[]; calmDemo: string | undefined }): boolean =>
  o.embedded || o.argv.includes("--demo") || o.calmDemo === "1";

/**
 * The values start takes from the env file it read: all of .env's; of .env.example (a first run)
 * all but the secrets, which are published there and made up instead (valuesToGenerate).
 */
export function valuesToLoad(text: string, firstRun: boolean): Record<string, string> {
  const values = { ...parseEnv(text) } as Record<string, string>;
  if (firstRun) for (const name of GENERATED_SECRETS) delete values[name];
  return values;
}
