import { z } from "zod";

// The variables of accounts and exposure (issue 8): the public URL, the proxy, the session cookie
// and lifetimes, the demo. src/env.ts validates them with the others.

/** The embedded default's database, on loopback (also src/env.ts's DATABASE_URL default). */
export const EMBEDDED_DATABASE_URL = "postgresql://postgres@127.0.0.1:54329/postgres";

/**
 * Every secret ever published with the project (.env.example, the docs): a deployment must not
 * use them, since anyone can read them. One place: env-accounts.test.ts checks that .env.example
 * offers nothing else.
 */
export const PUBLISHED_SECRETS: Readonly<Record<string, readonly string[]>> = {
  SESSION_SECRET: ["dev-only-session-secret-change-me-0123456789"],
  WORKER_SECRET: ["dev-only-worker-secret-change-me"],
  N8N_WEBHOOK_SECRET: ["dev-only-webhook-secret-change-me", "paste-your-N8N_WEBHOOK_SECRET-here"],
  WEBHOOK_SECRET_KEY: ["dev-only-webhook-secret-key-change-me-0123456789"],
  CALM_DEMO_PASSWORD: ["calm-demo-password"],
};

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

/** True for a host name or address that only this machine reaches (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase();
  return LOOPBACK_HOSTS.has(h) || /^127(\.\d{1,3}){3}$/.test(h);
}

const zeroOrOne = z.enum(["0", "1"], { error: "must be 0 or 1" });
const whole = (min: number, max: number) => {
  const must = `must be a whole number from ${min} to ${max}`;
  return z.coerce.number({ error: must }).int({ error: must }).min(min, { error: must }).max(max, { error: must });
};

const ORIGIN_ONLY = "must be the app's public URL: scheme, host and optional port, no path, such as https://calm.example.com";

/** The URL people use to reach the app, kept as its origin (https://host[:port]). */
const appUrl = z
  .string()
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === "https:" || u.protocol === "http:") && u.pathname === "/" && !u.search && !u.hash && !u.username && !u.password;
    } catch {
      return false;
    }
  }, ORIGIN_ONLY)
  .transform((v) => new URL(v).origin);

/**
 * 0 (default): no forwarded header is believed, the client is the socket's address; 1 to 10: that
 * many proxies stand in front and append to X-Forwarded-For (X-Forwarded-Proto/-Host are theirs);
 * or the name of the header in which the proxy puts the client address (e.g. x-real-ip).
 */
const trustProxy = z
  .string()
  .regex(/^(?:[0-9]|10|[a-z][a-z0-9-]{0,62})$/i, "must be 0, a number of proxies from 1 to 10, or a header name such as x-real-ip")
  .transform((v) => v.toLowerCase());

const host = z.string().regex(/^(?:[a-z0-9.-]+|\[?[0-9a-f:.]+\]?)$/i, "must be an address or host name to listen on, such as 127.0.0.1 or 0.0.0.0");

export const ACCOUNT_ENV_RULES = {
  /** The public URL: the one origin browsers may post from (CSRF), and https turns on Secure cookies. */
  APP_URL: appUrl.optional(),
  /** The session cookie's Secure flag; unset: on when APP_URL is https. */
  COOKIE_SECURE: zeroOrOne.optional(),
  /** Which forwarded headers to believe (see trustProxy). */
  TRUST_PROXY: trustProxy.default("0"),
  /** Where `npm start` serves (and the embedded database stays on 127.0.0.1 whatever this says). */
  HOST: host.default("127.0.0.1"),
  /** The previous SESSION_SECRET while rotating: cookies sealed with it are still read. */
  SESSION_SECRET_PREVIOUS: z.string().min(32, "must be at least 32 characters").optional(),
  /** A session unused this long ends (sliding). */
  SESSION_IDLE_DAYS: whole(1, 90).default(7),
  /** A session ends this long after sign-in, however active. */
  SESSION_MAX_DAYS: whole(1, 365).default(30),
  /** 1: `npm start` seeds the demo business on any database (default: only on the embedded one). */
  CALM_DEMO: zeroOrOne.default("0"),
  /** The demo user's password, random per installation (`npm start` writes it into .env). */
  CALM_DEMO_PASSWORD: z.string().min(12, "must be at least 12 characters").optional(),
};

type Checked = {
  DATABASE_URL: string;
  HOST: string;
  APP_URL?: string | undefined;
  [name: string]: unknown;
};

/**
 * The published secrets are tolerated only where nobody else can reach the app: the embedded
 * database on loopback, served on loopback. Returns one line per variable that holds one.
 */
export function publishedSecretProblems(env: Checked): string[] {
  const local =
    env.DATABASE_URL === EMBEDDED_DATABASE_URL && isLoopbackHost(env.HOST) && (!env.APP_URL || isLoopbackHost(new URL(env.APP_URL).hostname));
  if (local) return [];
  return Object.entries(PUBLISHED_SECRETS)
    .filter(([name, values]) => typeof env[name] === "string" && values.includes(env[name] as string))
    .map(
      ([name]) =>
        `${name}: is the published example value, which anyone can read; set a random one ` +
        `(e.g. \`openssl rand -base64 48\`, or delete the line from .env and \`npm start\` writes one)`,
    );
}

/** The session cookie's Secure flag: COOKIE_SECURE when set, else on for an https APP_URL. */
export function cookieSecure(env: { COOKIE_SECURE?: "0" | "1" | undefined; APP_URL?: string | undefined }): boolean {
  if (env.COOKIE_SECURE) return env.COOKIE_SECURE === "1";
  return env.APP_URL?.startsWith("https:") ?? false;
}
