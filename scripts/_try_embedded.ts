import { startEmbeddedPostgres } from "~/server/db/embedded";
import { applyMigrations } from "~/server/db/migrate/apply-migrations";
import pg from "pg";
const dir = "/tmp/emb/data-" + Date.now();
let t = Date.now();
const e = await startEmbeddedPostgres({ dataDir: dir, port: 0 });
console.log("started", e.url, Date.now() - t); t = Date.now();
console.log(await applyMigrations(e.url), Date.now() - t);
console.log(await applyMigrations(e.url));
const c = new pg.Client(e.url); await c.connect();
console.log((await c.query("select version()")).rows[0]);
console.log((await c.query("select count(*) from _prisma_migrations")).rows);
console.log((await c.query("select tgname from pg_trigger where not tgisinternal")).rows);
const r = await c.query("create table t1(a int); insert into t1 values (1); create function f() returns int language plpgsql as $$ begin return 1; end; $$; select count(*) from t1;");
console.log(Array.isArray(r) ? r.length : r);
try { await c.query("insert into t1 values (2); select 1/0;"); } catch (err) { console.log("err", (err as Error).message); }
console.log((await c.query("select count(*) from t1")).rows);
await c.end();
try { await startEmbeddedPostgres({ dataDir: dir, port: 0 }); } catch (err) { console.log("second:", (err as Error).message); }
await e.stop();
