import { writeFileSync } from "node:fs";
import path from "node:path";
import { CODE_NODES, N8N_DOCS, nodeNamed, readCode, readWorkflow } from "../tests/n8n/workflow-files";

/**
 * `npx tsx scripts/n8n-sync-code.ts`: copies docs/n8n/code/*.js into the Code nodes of the
 * workflows in docs/n8n (the JavaScript is edited and tested as files; the JSON is what people
 * import). tests/n8n/workflows.test.ts fails while the two differ.
 */
const changed = new Set<string>();
const workflows = new Map<string, ReturnType<typeof readWorkflow>>();
for (const { workflow, node, file } of CODE_NODES) {
  const wf = workflows.get(workflow) ?? readWorkflow(workflow);
  workflows.set(workflow, wf);
  const target = nodeNamed(wf, node);
  const code = readCode(file);
  if (target.parameters.jsCode !== code) {
    target.parameters.jsCode = code;
    changed.add(workflow);
  }
}
for (const workflow of changed) writeFileSync(path.join(N8N_DOCS, workflow), `${JSON.stringify(workflows.get(workflow), null, 2)}\n`);
process.stdout.write(changed.size === 0 ? "docs/n8n: every Code node matches its file\n" : `docs/n8n: updated ${[...changed].join(", ")}\n`);
