import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/**
 * The importable n8n workflows in docs/n8n and the JavaScript of their Code nodes, kept in
 * docs/n8n/code/*.js so it can be run and tested: the workflow JSON must hold exactly that text
 * (tests/n8n/workflows.test.ts; `npx tsx scripts/n8n-sync-code.ts` copies it in).
 */
export const N8N_DOCS = path.resolve(import.meta.dirname, "../../docs/n8n");

export const CODE_NODES = [
  { workflow: "calm-firehose-receiver.json", node: "Verify signature", file: "verify-firehose.js" },
  { workflow: "calm-signed-receiver.json", node: "Verify signature", file: "verify-standard-webhook.js" },
  { workflow: "invoice-overdue-reminder.json", node: "Verify signature", file: "verify-standard-webhook.js" },
  { workflow: "invoice-overdue-reminder.json", node: "Prepare reminder", file: "prepare-reminder.js" },
] as const;

/** The placeholders a user replaces after importing (docs/n8n/README.md). */
export const PLACEHOLDERS = {
  whsec: "paste-your-whsec-secret-here",
  firehose: "paste-your-N8N_WEBHOOK_SECRET-here",
  calmUrl: "https://calm.example.com",
} as const;

export type WorkflowNode = {
  id: string;
  name: string;
  type: string;
  typeVersion: number;
  disabled?: boolean;
  onError?: string;
  credentials?: Record<string, { id: string; name: string }>;
  parameters: Record<string, unknown>;
};
export type Workflow = {
  id?: string;
  name: string;
  active?: boolean;
  nodes: WorkflowNode[];
  connections: Record<string, { main: { node: string; type: string; index: number }[][] }>;
};

export const readWorkflow = (file: string): Workflow => JSON.parse(readFileSync(path.join(N8N_DOCS, file), "utf8")) as Workflow;
export const readCode = (file: string): string => readFileSync(path.join(N8N_DOCS, "code", file), "utf8");

export function nodeNamed(workflow: Workflow, name: string): WorkflowNode {
  const node = workflow.nodes.find((n) => n.name === name);
  if (!node) throw new Error(`no node "${name}" in ${workflow.name}`);
  return node;
}

/** The names a node's output `index` leads to. */
export const next = (workflow: Workflow, from: string, index = 0): string[] => (workflow.connections[from]?.main[index] ?? []).map((c) => c.node);

export type Item = { json: Record<string, unknown>; binary?: Record<string, { data: string; mimeType?: string }> };

/**
 * Runs a Code node's JavaScript as n8n 1.x does in "Run Once for All Items" mode: `$input.all()`,
 * `this.helpers.getBinaryDataBuffer`, `require` of the allowed builtins, top-level await/return.
 */
export async function runCodeNode(code: string, items: Item[]): Promise<Item[]> {
  const ctx = { helpers: { getBinaryDataBuffer: async (i: number, key: string) => Buffer.from(items[i]!.binary![key]!.data, "base64") } };
  const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<unknown>;
  return (await new AsyncFunction("require", "$input", code).call(ctx, createRequire(import.meta.url), { all: () => items })) as Item[];
}

/** What n8n's Webhook node (POST, option Raw Body on) hands the next node for one request. */
export const webhookItem = (headers: Record<string, string>, raw: string): Item => ({
  json: { headers, body: JSON.parse(raw) as unknown },
  binary: { data: { data: Buffer.from(raw).toString("base64"), mimeType: "application/json" } },
});
