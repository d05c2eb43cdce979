import { createEnv } from "@t3-oss/env-nextjs";
import { z } from "zod";
import { InvalidEnvError, describeEnvIssues } from "./env-errors";
import { ACCOUNT_ENV_RULES, EMBEDDED_DATABASE_URL, publishedSecretProblems } from "./env-accounts";

/** Where `npm start` serves the embedded PGlite when no DATABASE_URL is configured. */
export { EMBEDDED_DATABASE_URL };

// Each rule says in its message what the value must be: the message is all a newcomer sees.
const wholeNumber = (min: number, max = Number.MAX_SAFE_INTEGER) => {
  const must = max === Number.MAX_SAFE_INTEGER ? `must be a whole number of at least ${min}` : `must be a whole number from ${min} to ${max}`;
  return z.coerce.number({ error: must }).int({ error: must }).min(min, { error: must }).max(max, { error: must });
};
const url = (example: string, protocol: RegExp) => z.url({ protocol, error: `must be a URL such as ${example}` });
const secret = (min: number) =>
  z.string({ error: `must be set, at least ${min} characters` }).min(min, `must be at least ${min} characters`);
const name = z.string().min(1, "must not be empty");

/** The rules of each variable; .env.example explains them. */
export const ENV_RULES = {
  NODE_ENV: z.enum(["development", "test", "production"], { error: "must be development, test or production" }).default("development"),
  DATABASE_URL: url("postgresql://postgres@127.0.0.1:5432/calm", /^postgres(ql)?$/).default(EMBEDDED_DATABASE_URL),
  DATABASE_POOL_SIZE: wholeNumber(1, 200).default(10),
  /** Connections each process keeps open while idle (at most DATABASE_POOL_SIZE): src/server/db/pool.ts. */
  DATABASE_POOL_MIN: wholeNumber(0, 200).default(4),
  /** Where `npm start` / `npm run dev` serve. */
  PORT: wholeNumber(1, 65535).default(3000),
  REDIS_URL: url("redis://127.0.0.1:6379", /^rediss?$/).optional(),
  REDIS_STREAM: name.default("calm:events"),
  REDIS_STREAM_MAXLEN: wholeNumber(1000).default(1_000_000),
  SESSION_SECRET: secret(32),
  WORKER_SECRET: secret(16),
  WORKER_INTERVAL_SECONDS: wholeNumber(1, 3600).default(5),
  WORKER_DISABLED: z.enum(["0", "1"], { error: "must be 0 or 1" }).default("0"),
  /** Input bounds (issue 8): an event's serialized payload, and a request body to /api/trpc. */
  MAX_PAYLOAD_BYTES: wholeNumber(1024, 16 * 1024 * 1024).default(64 * 1024),
  MAX_BODY_BYTES: wholeNumber(64 * 1024, 1024 * 1024 * 1024).default(8 * 1024 * 1024),
  N8N_WEBHOOK_URL: url("http://127.0.0.1:5678/webhook/calm-events", /^https?$/).optional(),
  N8N_WEBHOOK_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  DELIVERY_GROUP: name.default("n8n-delivery"),
  DELIVERY_MAX_ATTEMPTS: wholeNumber(1, 100).default(8),
  DELIVERY_TIMEOUT_MS: wholeNumber(100, 120_000).default(10_000),
  /** Idle time after which a pending entry is retried or taken from a dead consumer; > DELIVERY_TIMEOUT_MS. */
  DELIVERY_RECLAIM_IDLE_MS: wholeNumber(1000).default(30_000),
  /** What counts as delivered: echo = a 2xx whose JSON body is {"received": event_id}; status = any 2xx. */
  DELIVERY_ACK: z.enum(["echo", "status"], { error: "must be echo or status" }).default("echo"),
  // Accounts and exposure (issue 8): public URL, proxy, session cookie and lifetimes, demo (src/env-accounts.ts).
  ...ACCOUNT_ENV_RULES,
  // Integrations (issue 12): per-org webhooks and the API's per-key rate limits.
  /** Encrypts webhook endpoints' signing secrets at rest; random per installation (`npm start` writes it). */
  WEBHOOK_SECRET_KEY: z.string().min(32, "must be at least 32 characters").optional(),
  /** 1: webhooks may target loopback and private addresses, over http too (self-hosting, tests). */
  ALLOW_PRIVATE_WEBHOOKS: z.enum(["0", "1"], { error: "must be 0 or 1" }).default("0"),
  /** Requests per second one API key may make, sustained (0: no limit), and in a burst. */
  API_KEY_RATE_LIMIT: wholeNumber(0, 100_000).default(50),
  API_KEY_RATE_BURST: wholeNumber(1, 1_000_000).default(100),
};

/**
 * The environment, validated once. A bad value stops the process with one line per bad variable
 * (InvalidEnvError; scripts print its lines without a stack). Local defaults live in .env.example.
 */
export const env = createEnv({
  server: ENV_RULES,
  client: {},
  experimental__runtimeEnv: {},
  emptyStringAsUndefined: true,
  skipValidation: process.env.SKIP_ENV_VALIDATION === "1",
  onValidationError: (issues) => {
    throw new InvalidEnvError(describeEnvIssues(issues, process.env));
  },
});

// A secret published in .env.example is refused unless the app is the embedded default on loopback.
if (process.env.SKIP_ENV_VALIDATION !== "1") {
  const published = publishedSecretProblems(env);
  if (published.length > 0) throw new InvalidEnvError(published);
}
