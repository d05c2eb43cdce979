import Link from "next/link";
import { ApiKeyField } from "~/components/api-docs/api-key-field";
import { ApiReference } from "~/components/api-docs/api-reference";
import styles from "~/components/api-docs/api-docs.module.css";
import { exampleOf } from "~/server/rest/examples";
import { restApi } from "~/server/rest/rest-api";

export const metadata = { title: "API reference · Calm" };
// Examples carry fresh ids and the current time.
export const dynamic = "force-dynamic";

/**
 * The REST API's reference, rendered here from the same OpenAPI document as /api/v1/openapi.json:
 * bundled with the app (no CDN, nothing loaded from elsewhere), no inline script or style, so it
 * works offline and under the pages' strict CSP. Public, like the document itself.
 */
export default function ApiReferencePage() {
  const { document, inputs } = restApi();
  const now = new Date();
  const examples: Record<string, string> = {};
  for (const [path, op] of restApi().operations) {
    const schema = inputs.get(path);
    if (!schema) continue;
    const value = exampleOf(schema, now);
    examples[path] =
      op.method === "GET"
        ? new URLSearchParams(Object.entries((value ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)])).toString()
        : JSON.stringify(value, null, 2);
  }
  return (
    <main className="page">
      <h1 className={styles.title}>Calm API reference</h1>
      <p className={styles.lead}>
        Version {document.info.version as string}. Every operation below is one of the app&apos;s own procedures, generated from its schema:
        queries are <code>GET</code> with their input in the query string, commands <code>POST</code> with a JSON body, all under{" "}
        <code>/api/v1</code>. The machine-readable document: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1).
      </p>
      <section className={styles.group} aria-labelledby="auth">
        <h2 id="auth">Authentication, errors and limits</h2>
        <p>
          Send an API key (<Link href="/settings/api-keys">Settings → API keys</Link>) as <code>Authorization: Bearer calm_…</code>. A key
          holds scopes: <code>read</code> for queries, <code>append</code> for events, <code>loops:write</code> for dismiss and resolve,
          <code> act_as_users</code> to record events in a user&apos;s name; a missing one is a 403 that names it.
        </p>
        <p>
          Failures answer <code>{`{ "error": { "code", "message", "issues" } }`}</code> with the HTTP status of the code; <code>issues</code>{" "}
          lists each bad field as <code>{`{ path, message }`}</code>, and nothing was written. Bodies up to 8 MiB, batches up to 1,000 events,
          payloads up to 64 KiB and 32 levels deep. Each key may make 50 requests a second (bursts of 100); beyond, 429 with{" "}
          <code>Retry-After</code>.
        </p>
      </section>
      <section className={styles.group} aria-labelledby="webhooks">
        <h2 id="webhooks">Webhooks</h2>
        <p>
          Calm POSTs your organisation&apos;s events to the endpoints in <Link href="/settings/automations">Settings → Automations</Link>,
          signed the <a href="https://www.standardwebhooks.com">Standard Webhooks</a> way: <code>webhook-id</code> (the event&apos;s id),{" "}
          <code>webhook-timestamp</code>, <code>webhook-signature</code>. Verify them with the <code>standardwebhooks</code> package:
        </p>
        <pre className={styles.pre}>{`import { Webhook } from "standardwebhooks";
const message = new Webhook(process.env.CALM_WEBHOOK_SECRET).verify(rawBody, {
  "webhook-id": req.headers["webhook-id"],
  "webhook-timestamp": req.headers["webhook-timestamp"],
  "webhook-signature": req.headers["webhook-signature"],
}); // throws on a bad signature or a timestamp older than 5 minutes`}</pre>
        <p className={styles.muted}>The body: {`{ "type": "event.quote_sent", "timestamp": "…", "data": { "event_id", "event_type", "entity_type", "entity_id", "payload", … } }`}. An n8n Code node that checks it is in docs/webhooks.md.</p>
      </section>
      <ApiKeyField />
      <ApiReference doc={document} examples={examples} />
    </main>
  );
}
