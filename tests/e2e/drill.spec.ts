import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Row } from "../../scripts/drill/tally";
import { expect, test } from "./fixtures";

// The fault drill's short form (docs/reliability.md): Redis killed 5 s, Postgres crashed for 1 s,
// the server SIGKILLed, while a writer appends at 50 events/s. Here rather than in vitest: the
// drill serves the production build that global-setup has just made fresh (a build inside vitest
// would compete for the CPU with the timing-sensitive integration tests), and in CI it runs alone.
const ROOT = path.resolve(import.meta.dirname, "../..");
type Summary = { ok: boolean; failures: string[]; rows: Row[] };

let child: ChildProcess | undefined;
let dir: string | undefined;
test.afterAll(async () => {
  // Stopped early (a timeout, Ctrl-C): SIGTERM makes the drill remove its Postgres, Redis and server.
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child!.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }
  if (dir) await rm(dir, { recursive: true, force: true });
});

test("the fault drill (short form): every acknowledged append is in the log once, in the stream once, projected and delivered", async () => {
  test.setTimeout(600_000); // a harness bound, generous for a loaded machine; the drill itself takes about a minute
  dir = await mkdtemp(path.join(tmpdir(), "calm-drill-spec-"));
  const json = path.join(dir, "summary.json");
  const drill = spawn(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), "scripts/drill.ts", "--short", "--json", json], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child = drill;
  let output = "";
  drill.stdout.on("data", (b: Buffer) => (output += b.toString()));
  drill.stderr.on("data", (b: Buffer) => (output += b.toString()));
  const code = await new Promise<number | null>((resolve) => drill.once("exit", resolve));
  const summary = await readFile(json, "utf8").then((t) => JSON.parse(t) as Summary, () => null);

  expect(summary, output).not.toBeNull();
  expect(summary!.failures, output).toEqual([]);
  expect(code, output).toBe(0);
  const rows = summary!.rows;
  expect(rows.map((r) => r.label.slice(0, 3))).toEqual(["ste", "(a)", "(b)", "(c)", "all"]);
  for (const r of rows) {
    expect(r.acknowledged, r.label).toBe(r.attempted);
    expect([r.inLog, r.inStream, r.projected, r.delivered], r.label).toEqual([r.acknowledged, r.acknowledged, r.acknowledged, r.acknowledged]);
    expect([r.duplicates, r.lost], r.label).toEqual([0, 0]);
  }
  // Each fault happened while appends were flowing, and the drill saw the system recover from it.
  for (const r of rows.slice(1, 4)) {
    expect(r.attempted, r.label).toBeGreaterThan(0);
    expect(typeof r.recoveredS, r.label).toBe("number");
  }
});
