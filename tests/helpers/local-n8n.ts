import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import { homedir, tmpdir } from "node:os";
import path from "node:path";
import { ADMIN_DATABASE_URL } from "./services";
import { adminQuery } from "./test-db";

/**
 * A real n8n, installed outside the project (its size and Node-version range are not the
 * project's): the recipe is ../shared/notes/n8n-local.md. CALM_N8N_DIR overrides the folder.
 */
export const N8N_DIR = process.env.CALM_N8N_DIR ?? path.join(homedir(), ".cache/calm-n8n");
const BIN = path.join(N8N_DIR, "node_modules/.bin/n8n");
export const n8nInstalled = () => existsSync(BIN);

const WORKFLOW = path.resolve(import.meta.dirname, "../../docs/n8n-calm-events-workflow.json");
const WORKFLOW_ID = "calmEventsTest01";

/**
 * n8n 1.x on a free loopback port with its own database (calm_t_… on the test Postgres, dropped by
 * stop()) and the documented workflow imported with `secret` pasted into its Code node, activated.
 */
export async function startLocalN8n(secret: string) {
  const port = await freePort();
  const dbName = `calm_t_n8n_${randomBytes(5).toString("hex")}`;
  const home = await mkdtemp(path.join(tmpdir(), "calm-n8n-"));
  await adminQuery(`CREATE DATABASE "${dbName}"`);
  const admin = new URL(ADMIN_DATABASE_URL);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    NODE_ENV: "production",
    DB_TYPE: "postgresdb",
    DB_POSTGRESDB_HOST: admin.hostname,
    DB_POSTGRESDB_PORT: admin.port || "5432",
    DB_POSTGRESDB_USER: decodeURIComponent(admin.username) || "postgres",
    DB_POSTGRESDB_PASSWORD: decodeURIComponent(admin.password),
    DB_POSTGRESDB_DATABASE: dbName,
    N8N_PORT: String(port),
    N8N_LISTEN_ADDRESS: "127.0.0.1",
    N8N_USER_FOLDER: home,
    N8N_ENCRYPTION_KEY: randomBytes(16).toString("hex"),
    N8N_DIAGNOSTICS_ENABLED: "false",
    N8N_PERSONALIZATION_ENABLED: "false",
    N8N_VERSION_NOTIFICATIONS_ENABLED: "false",
    N8N_TEMPLATES_ENABLED: "false",
    N8N_RUNNERS_ENABLED: "false",
    N8N_SECURE_COOKIE: "false",
    N8N_EXPRESSION_ENGINE: "legacy", // isolated-vm does not build here (the recipe installs without scripts)
    EXECUTIONS_DATA_SAVE_ON_SUCCESS: "all",
    NODE_FUNCTION_ALLOW_BUILTIN: "crypto", // the workflow's Code node verifies the signature with it
  };
  let proc: ChildProcess | undefined;
  let output = "";
  const stop = async () => {
    if (proc && proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise((resolve) => proc!.once("exit", resolve));
      process.kill(-proc.pid!, "SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      if (proc.exitCode === null && proc.signalCode === null) process.kill(-proc.pid!, "SIGKILL");
    }
    await adminQuery(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await rm(home, { recursive: true, force: true });
  };
  try {
    const workflow = JSON.parse(await readFile(WORKFLOW, "utf8")) as { id?: string; nodes: { type: string; parameters: { jsCode?: string } }[] };
    workflow.id = WORKFLOW_ID;
    for (const node of workflow.nodes) {
      if (node.parameters.jsCode) node.parameters.jsCode = node.parameters.jsCode.replace("paste-your-N8N_WEBHOOK_SECRET-here", secret);
    }
    const file = path.join(home, "workflow.json");
    await writeFile(file, JSON.stringify(workflow));
    await cli(env, ["import:workflow", `--input=${file}`]);
    await cli(env, ["update:workflow", `--id=${WORKFLOW_ID}`, "--active=true"]);

    proc = spawn(BIN, ["start"], { env, cwd: home, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    const keep = (b: Buffer) => void (output = (output + b.toString()).slice(-20_000));
    proc.stdout!.on("data", keep);
    proc.stderr!.on("data", keep);
    const url = `http://127.0.0.1:${port}/webhook/calm-events`;
    // Ready when the workflow's webhook answers: an unsigned POST is refused by its own 401 branch.
    for (let i = 0; ; i++) {
      if (proc.exitCode !== null) throw new Error(`n8n exited (code ${proc.exitCode}):\n${output}`);
      const status = await fetch(url, { method: "POST", body: "{}", headers: { "content-type": "application/json" }, signal: AbortSignal.timeout(5000) }).then(
        (r) => r.status,
        () => 0,
      );
      if (status === 401) break;
      if (i > 300) throw new Error(`n8n's webhook did not answer within a minute (last status ${status}):\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    return { url, port, output: () => output, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

function cli(env: NodeJS.ProcessEnv, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (b: Buffer) => (out += b.toString()));
    child.stderr.on("data", (b: Buffer) => (out += b.toString()));
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`n8n ${args.join(" ")} failed (code ${code}):\n${out.slice(-4000)}`))));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}
