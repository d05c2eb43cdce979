"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "~/trpc/react";
import { describeHealth } from "./health-words";
import styles from "./shell.module.css";

/** "Caught up · relay off": whether what you see is current, refreshed every 15 s. */
export function StatusLine() {
  const trpc = useTRPC();
  const health = useQuery(trpc.system.healthReport.queryOptions(undefined, { refetchInterval: 15_000, retry: false }));
  const words = describeHealth(health.data, health.isError);
  return (
    <p className={styles.status} data-tone={words.tone} role="status" data-testid="status-line">
      <span className={styles.dot} aria-hidden="true" />
      {words.text}
    </p>
  );
}
