import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { N8N_BIN as BIN, N8N_DIR, n8nInstalled } from "./n8n-dir";
import { ADMIN_DATABASE_URL } from "./services";
import { adminQuery } from "./test-db";

export { N8N_DIR, n8nInstalled };

const WORKFLOW = path.resolve(import.meta.dirname, "../../docs/n8n/calm-firehose-receiver.json");
const WORKFLOW_ID = "calmEventsTest01";

/**
 * n8n 1.x on a free loopback port with its own database (calm_t_… on the test Postgres, dropped by
 * stop()) and the documented firehose workflow imported with `secret` pasted into its Code node, activated.
 */
export function startLocalN8n(secret: string) {
  return startN8n({
    workflows: [{ file: WORKFLOW, id: WORKFLOW_ID, replace: { "paste-your-N8N_WEBHOOK_SECRET-here": secret } }],
    readyPath: "calm-events",
  });
}

export type N8nSetup = {
  /** Workflow files to import and activate, each given an id and with placeholders replaced (text → value). */
  workflows: { file: string; id: string; replace?: Record<string, string> }[];
  /** Credentials to import first (`n8n import:credentials`: plain `data` objects are encrypted on import). */
  credentials?: { id: string; name: string; type: string; data: Record<string, unknown> }[];
  /** A webhook path that answers an unsigned POST with 401 once n8n is ready (the workflows' own refusal). */
  readyPath: string;
  /** The port to listen on (a free one by default): known before start when a webhook URL must be. */
  port?: number;
};

/** n8n with these workflows active, as startLocalN8n; `urlOf(path)` is the production URL of a webhook path. */
export async function startN8n(setup: N8nSetup) {
  const port = setup.port ?? (await freePort());
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
    if (setup.credentials?.length) {
      const file = path.join(home, "credentials.json");
      await writeFile(file, JSON.stringify(setup.credentials));
      await cli(env, ["import:credentials", `--input=${file}`]);
    }
    // One import and one activation for all of them: each CLI call boots n8n (seconds each).
    const dir = path.join(home, "workflows");
    await mkdir(dir);
    for (const [i, w] of setup.workflows.entries()) {
      let text = await readFile(w.file, "utf8");
      for (const [from, to] of Object.entries(w.replace ?? {})) text = text.split(JSON.stringify(from).slice(1, -1)).join(JSON.stringify(to).slice(1, -1));
      const workflow = JSON.parse(text) as { id?: string };
      workflow.id = w.id;
      await writeFile(path.join(dir, `workflow-${i}.json`), JSON.stringify(workflow));
    }
    await cli(env, ["import:workflow", "--separate", `--input=${dir}`]);
    await cli(env, ["update:workflow", "--all", "--active=true"]);

    proc = spawn(BIN, ["start"], { env, cwd: home, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    const keep = (b: Buffer) => void (output = (output + b.toString()).slice(-20_000));
    proc.stdout!.on("data", keep);
    proc.stderr!.on("data", keep);
    const urlOf = (p: string) => `http://127.0.0.1:${port}/webhook/${p}`;
    const url = urlOf(setup.readyPath);
    // Ready when the workflow's webhook answers: an unsigned POST is refused by its own 401 branch.
    for (let i = 0; ; i++) {
      if (proc.exitCode !== null) throw new Error(`n8n exited (code ${proc.exitCode}):\n${output}`);
      const status = await fetch(url, { method: "POST", body: "{}", headers: { "content-type": "application/json" }, signal: AbortSignal.timeout(5000) }).then(
        (r) => r.status,
        () => 0,
      );
      if (status === 401) break;
      if (i > 600) throw new Error(`n8n's webhook did not answer within two minutes (last status ${status}):\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    return { url, urlOf, port, dbName, output: () => output, stop };
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
    // Some commands (import:credentials) log their failure and still exit 0.
    child.once("exit", (code) =>
      code === 0 && !/An error occurred/.test(out) ? resolve() : reject(new Error(`n8n ${args.join(" ")} failed (code ${code}):\n${out.slice(-4000)}`)),
    );
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}
