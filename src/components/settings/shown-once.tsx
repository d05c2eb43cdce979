"use client";

import { useState } from "react";
import { Button } from "~/components/ui/button";
import styles from "./settings.module.css";

/** A secret shown this once (an API key, a signing secret): copy it now, it is not stored readable. */
export function ShownOnce({ label, value, note }: { label: string; value: string; note?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className={styles.secret} role="status">
      <p>
        <strong>{label}</strong> — copy it now: it is shown only this once.{note ? ` ${note}` : ""}
      </p>
      <code className={styles.secretValue} data-testid="shown-once">
        {value}
      </code>
      <Button
        size="sm"
        onClick={() =>
          void navigator.clipboard?.writeText(value).then(
            () => setCopied(true),
            () => setCopied(false),
          )
        }
      >
        {copied ? "Copied" : "Copy"}
      </Button>
    </div>
  );
}
