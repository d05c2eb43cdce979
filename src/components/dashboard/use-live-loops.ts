"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useRef, useState } from "react";
import { useTRPC } from "~/trpc/react";

/**
 * Refetches the loops whenever the server says they changed (SSE). The first "ready" of a
 * connection is skipped (the page just fetched); a later one means we reconnected and may have
 * missed changes. While a resolve/dismiss/snooze is in flight the refetch waits, so an optimistic
 * removal does not flicker back. Paused (`enabled` false) while the dashboard shows a past moment.
 */
export function useLiveLoops(enabled = true): { connected: boolean; updates: number } {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const connected = useRef(false);
  const [state, setState] = useState({ connected: false, updates: 0 });

  const queued = useRef(false);
  const refresh = () => {
    const busy = [trpc.loops.resolve, trpc.loops.dismiss, trpc.loops.snooze].reduce((n, p) => n + qc.isMutating({ mutationKey: p.mutationKey() }), 0);
    if (busy > 0) {
      setTimeout(refresh, 500);
      return;
    }
    // A refetch in flight finishes first, then one more follows for what changed meanwhile.
    // Invalidating cancelled it and started over: a list of many pages refetches them one by one,
    // and under changes every 150 ms (an import) it never finished, so the screen froze.
    if (qc.isFetching(trpc.loops.pathFilter()) > 0) {
      if (!queued.current) {
        queued.current = true;
        setTimeout(() => {
          queued.current = false;
          refresh();
        }, 100);
      }
      return;
    }
    void qc.invalidateQueries(trpc.loops.pathFilter());
  };

  useSubscription(
    trpc.live.loopsChanged.subscriptionOptions(undefined, {
      // Paused while the dashboard shows the past; back at now, the new connection's "ready" refetches what changed meanwhile.
      enabled,
      onData: (msg) => {
        if (msg.kind === "ready" && !connected.current) {
          connected.current = true;
          setState((s) => ({ ...s, connected: true }));
          return;
        }
        setState((s) => ({ ...s, updates: s.updates + 1 }));
        refresh();
      },
      onError: () => setState((s) => ({ ...s, connected: false })),
    }),
  );
  return state;
}
