"use client";

import { useId, useState } from "react";
import { Button } from "~/components/ui/button";
import { readKey } from "./key-store";
import styles from "./api-docs.module.css";

/**
 * Sends one request from the page (same origin: the app's CSP allows it) and shows the answer.
 * GET: the query string; POST: the JSON body, prefilled with an example made from the schema.
 */
export function TryIt({ method, path, example }: { method: "GET" | "POST"; path: string; example: string }) {
  const id = useId();
  const [text, setText] = useState(example);
  const [answer, setAnswer] = useState<{ status: number; body: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const send = async () => {
    setBusy(true);
    try {
      const key = readKey();
      const headers: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};
      const url = method === "GET" ? `/api/v1${path}${text.trim() ? `?${text.trim().replace(/^\?/, "")}` : ""}` : `/api/v1${path}`;
      const res = await fetch(url, method === "GET" ? { headers } : { method, headers: { ...headers, "content-type": "application/json" }, body: text });
      const raw = await res.text();
      let body = raw;
      try {
        body = JSON.stringify(JSON.parse(raw), null, 2);
      } catch {
        // not JSON: shown as it came
      }
      setAnswer({ status: res.status, body });
    } catch (e) {
      setAnswer({ status: 0, body: String(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <details className={styles.details}>
      <summary>Try it</summary>
      <div className={styles.try}>
        <label htmlFor={id}>{method === "GET" ? "Query string" : "JSON body"}</label>
        {method === "GET" ? (
          <input id={id} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} />
        ) : (
          <textarea id={id} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} />
        )}
        <div>
          <Button size="sm" variant="primary" onClick={() => void send()} disabled={busy}>
            Send {method} {path}
          </Button>
        </div>
        {answer ? (
          <div role="status">
            <p className={styles.status}>HTTP {answer.status || "(no answer)"}</p>
            <pre className={styles.pre}>{answer.body}</pre>
          </div>
        ) : null}
      </div>
    </details>
  );
}
