"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useToast } from "~/components/ui/toast";
import { useTRPC } from "~/trpc/react";
import { actionErrorWords } from "./error-words";
import { findLoop, summaryWithout, withoutLoop } from "./loop-cache";
import { loopTitle } from "./loop-words";

/**
 * Resolve and dismiss, applied to the screen at once and rolled back (with a message) if the
 * server refuses. On success the lists are refetched: the server projected the command already.
 */
export function useLoopActions() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const toast = useToast();
  const lists = trpc.loops.list.pathFilter();
  const summaryKey = trpc.loops.summary.queryKey();

  const handlers = (verb: "resolve" | "dismiss", done: string) => ({
    onMutate: async ({ loopId }: { loopId: string }) => {
      await Promise.all([qc.cancelQueries(lists), qc.cancelQueries({ queryKey: summaryKey })]);
      const listSnapshot = qc.getQueriesData(lists);
      const summary = qc.getQueryData(summaryKey);
      const loop = findLoop(listSnapshot, loopId);
      qc.setQueriesData(lists, (d: unknown) => withoutLoop(d, loopId));
      if (summary && loop) qc.setQueryData(summaryKey, summaryWithout(summary, loop));
      return { listSnapshot, summary, title: loop ? loopTitle(loop, new Date()) : undefined };
    },
    onError: (err: unknown, _v: unknown, ctx: { listSnapshot: [readonly unknown[], unknown][]; summary: unknown; title?: string } | undefined) => {
      for (const [key, data] of ctx?.listSnapshot ?? []) qc.setQueryData(key, data);
      if (ctx?.summary) qc.setQueryData(summaryKey, ctx.summary as never);
      toast(actionErrorWords(verb, ctx?.title, err), "error");
    },
    onSuccess: (_d: unknown, _v: unknown, ctx: { title?: string } | undefined) => {
      toast(ctx?.title ? `${done}: ${ctx.title}` : done);
      void qc.invalidateQueries(trpc.loops.pathFilter());
      void qc.invalidateQueries(trpc.entities.pathFilter());
    },
  });

  const resolve = useMutation(trpc.loops.resolve.mutationOptions(handlers("resolve", "Resolved")));
  const dismiss = useMutation(trpc.loops.dismiss.mutationOptions(handlers("dismiss", "Dismissed")));
  // onRefused runs after the rollback, e.g. to give the restored loop its focus back.
  return {
    resolve: (loopId: string, onRefused?: () => void) => resolve.mutate({ loopId }, { onError: onRefused }),
    dismiss: (loopId: string, reason?: string, onRefused?: () => void) => dismiss.mutate({ loopId, reason }, { onError: onRefused }),
  };
}
