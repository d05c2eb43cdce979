import { randomBytes } from "node:crypto";
import { getPostgreSQLEventStore } from "@event-driven-io/emmett-postgresql";
import pg from "pg";
import { admin, dropDb, urlOf } from "../scale/scale-db";

/** A fresh database with Emmett's schema (its own migration), and the store on a pool of `poolSize` connections. */
export async function createEmmettDb(poolSize: number) {
  const name = `calm_bench_emmett_${randomBytes(4).toString("hex")}`;
  await admin(`CREATE DATABASE "${name}"`);
  const url = urlOf(name);
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  pool.on("error", () => undefined);
  const store = getPostgreSQLEventStore(url, { connectionOptions: { pool } });
  await store.schema.migrate();
  return { name, url, pool, store, drop: async () => { await store.close().catch(() => undefined); await pool.end().catch(() => undefined); await dropDb(name); } };
}
