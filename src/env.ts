import { createEnv } from "@t3-oss/env-nextjs";
import { z } from "zod";

/** Where `npm start` serves the embedded PGlite when no DATABASE_URL is configured. */
export const EMBEDDED_DATABASE_URL = "postgresql://postgres@127.0.0.1:54329/postgres";

/**
 * The environment, validated once. A bad value fails at start-up with the variable's name.
 * Local development defaults live in .env.example.
 */
export const env = createEnv({
  server: {
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    DATABASE_URL: z.url().default(EMBEDDED_DATABASE_URL),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    REDIS_URL: z.url().optional(),
    REDIS_STREAM: z.string().min(1).default("calm:events"),
    REDIS_STREAM_MAXLEN: z.coerce.number().int().min(1000).default(1_000_000),
    SESSION_SECRET: z.string().min(32, "must be at least 32 characters"),
    WORKER_SECRET: z.string().min(16, "must be at least 16 characters"),
    WORKER_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(5),
    WORKER_DISABLED: z.enum(["0", "1"]).default("0"),
    N8N_WEBHOOK_URL: z.url().optional(),
    N8N_WEBHOOK_SECRET: z.string().min(16).optional(),
    DELIVERY_GROUP: z.string().min(1).default("n8n-delivery"),
    DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
    DELIVERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    /** Idle time after which a pending entry is retried or taken from a dead consumer; > DELIVERY_TIMEOUT_MS. */
    DELIVERY_RECLAIM_IDLE_MS: z.coerce.number().int().min(1000).default(30_000),
  },
  client: {},
  experimental__runtimeEnv: {},
  emptyStringAsUndefined: true,
  skipValidation: process.env.SKIP_ENV_VALIDATION === "1",
});
