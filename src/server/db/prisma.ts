import { PrismaPg } from "@prisma/adapter-pg";
import type pg from "pg";
import { PrismaClient } from "./generated/client";
import { getPool } from "./pool";

const globalForPrisma = globalThis as unknown as { calmPrisma?: PrismaClient };

export function createPrisma(pool: pg.Pool): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg(pool) });
}

/** The cached Prisma client (t3's db.ts), on the shared pg pool. */
export function getPrisma(): PrismaClient {
  globalForPrisma.calmPrisma ??= createPrisma(getPool());
  return globalForPrisma.calmPrisma;
}

export type { PrismaClient };
