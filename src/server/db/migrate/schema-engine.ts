import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";

const require = createRequire(import.meta.url);

type ScriptAdapter = { client: { query(sql: string): Promise<unknown> }; onError(e: unknown): never };

/** Sends a migration script as one simple query, so plpgsql bodies survive. */
function wholeScripts<A extends object>(adapter: A): A {
  const a = adapter as unknown as ScriptAdapter & { executeScript(script: string): Promise<void> };
  a.executeScript = async (script) => {
    try {
      await a.client.query(script);
    } catch (e) {
      a.onError(e);
    }
  };
  return adapter;
}

/**
 * @prisma/adapter-pg's executeScript splits on every ";" (even inside $$ function bodies), which
 * breaks trigger functions in migrations. A multi-statement simple query also runs atomically.
 */
class WholeScriptPg extends PrismaPg {
  override async connect() {
    return wholeScripts(await super.connect());
  }
  override async connectToShadowDb() {
    return wholeScripts(await super.connectToShadowDb());
  }
}

type WasmEngine = { SchemaEngine: typeof SchemaEngine };
let wasmEngine: Promise<WasmEngine> | undefined;

/** Instantiated once per process: the JS glue caches views of the first instance's memory. */
async function loadWasmEngine(): Promise<WasmEngine> {
  const dir = path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg"));
  const bg = (await import(path.join(dir, "schema_engine_bg.js"))) as Record<string, unknown> & {
    __wbg_set_wasm: (w: unknown) => void;
    SchemaEngine: typeof SchemaEngine;
  };
  const bytes = await readFile(path.join(dir, "schema_engine_bg.wasm"));
  const { instance } = await WebAssembly.instantiate(bytes, {
    "./schema_engine_bg.js": bg as WebAssembly.ModuleImports,
  });
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
  return bg;
}

/**
 * Prisma's own schema engine, as WebAssembly. The native binary cannot be downloaded on offline
 * machines, and Node 20 cannot `import` a .wasm file, so we instantiate it by hand.
 */
export async function openSchemaEngine(
  connectionString: string,
  datamodel?: [string, string],
): Promise<{ engine: SchemaEngine; close: () => Promise<void> }> {
  const bg = await (wasmEngine ??= loadWasmEngine());
  // Our own pool, so closing really closes (a template database cannot be cloned while in use).
  const pool = new pg.Pool({ connectionString, max: 2 });
  const adapter = bindMigrationAwareSqlAdapterFactory(new WholeScriptPg(pool));
  const log = (msg: string) => {
    if (process.env.DEBUG_SCHEMA_ENGINE) process.stderr.write(`[schema-engine] ${msg}\n`);
  };
  const engine = await bg.SchemaEngine.new({ datamodels: datamodel ? [datamodel] : undefined }, log, adapter);
  return {
    engine,
    close: async () => {
      engine.free();
      await pool.end();
    },
  };
}
