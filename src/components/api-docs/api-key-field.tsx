"use client";

import { useEffect, useId, useState } from "react";
import { readKey, writeKey } from "./key-store";
import styles from "./api-docs.module.css";

/** Where the reader puts a key for "Try it"; without one, requests go with this browser's session (signed in). */
export function ApiKeyField() {
  const id = useId();
  const [key, setKey] = useState("");
  useEffect(() => setKey(readKey()), []);
  return (
    <div className={styles.keyBox}>
      <label htmlFor={id}>API key for “Try it” (kept in this tab only)</label>
      <input
        id={id}
        type="password"
        autoComplete="off"
        placeholder="calm_…"
        value={key}
        onChange={(e) => {
          setKey(e.target.value);
          writeKey(e.target.value.trim());
        }}
      />
      <span className={styles.muted}>Empty: requests use your signed-in session, if any. Create keys in Settings → API keys.</span>
    </div>
  );
}
