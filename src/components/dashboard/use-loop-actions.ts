"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useToast } from "~/components/ui/toast";
import { useTRPC } from "~/trpc/react";
import { type LoopVerb, actionErrorWords } from "./error-words";
import { findLoop, summaryWithout, withoutLoop } from "./loop-cache";
import { loopTitle } from "./loop-words";
import { snoozeWhenWords } from "./snooze-choices";

type Ctx = { listSnapshot: [readonly unknown[], unknown][]; summary: unknown; title?: string };

/**
 * Resolve, dismiss and snooze, applied to the screen at once and rolled back (with a message) if
 * the server refuses. On success the lists are refetched (the server projected the command
 * already) and the toast offers Undo (and the key u): loops.reopen, which appends loop_reopened.
 */
export function useLoopActions() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const toast = useToast();
  const lists = trpc.loops.list.pathFilter();
  const summaryKey = trpc.loops.summary.queryKey();
  const refresh = () => {
    void qc.invalidateQueries(trpc.loops.pathFilter());
    void qc.invalidateQueries(trpc.entities.pathFilter());
  };

  const reopen = useMutation(trpc.loops.reopen.mutationOptions());
  const undo = (loopId: string, title: string | undefined, done = "Undone, back on your list") =>
    reopen.mutate(
      { loopId },
      {
        onSuccess: () => {
          toast(title ? `${done}: ${title}` : `${done}.`);
          refresh();
        },
        onError: (err) => toast(actionErrorWords("undo", title, err), "error"),
      },
    );

  const handlers = (verb: Exclude<LoopVerb, "undo">, done: (v: { until?: string }) => string) => ({
    onMutate: async ({ loopId }: { loopId: string }): Promise<Ctx> => {
      await Promise.all([qc.cancelQueries(lists), qc.cancelQueries({ queryKey: summaryKey })]);
      const listSnapshot = qc.getQueriesData(lists);
      const summary = qc.getQueryData(summaryKey);
      const loop = findLoop(listSnapshot, loopId);
      qc.setQueriesData(lists, (d: unknown) => withoutLoop(d, loopId));
      if (summary && loop) qc.setQueryData(summaryKey, summaryWithout(summary, loop, verb === "snooze"));
      return { listSnapshot, summary, title: loop ? loopTitle(loop, new Date()) : undefined };
    },
    onError: (err: unknown, _v: unknown, ctx: Ctx | undefined) => {
      for (const [key, data] of ctx?.listSnapshot ?? []) qc.setQueryData(key, data);
      if (ctx?.summary) qc.setQueryData(summaryKey, ctx.summary as never);
      toast(actionErrorWords(verb, ctx?.title, err), "error");
    },
    onSuccess: (_d: unknown, v: { loopId: string; until?: string }, ctx: Ctx | undefined) => {
      const words = done(v);
      toast(ctx?.title ? `${words}: ${ctx.title}` : `${words}.`, "info", { label: "Undo", key: "u", onAction: () => undo(v.loopId, ctx?.title) });
      refresh();
    },
  });

  const resolve = useMutation(trpc.loops.resolve.mutationOptions(handlers("resolve", () => "Resolved")));
  const dismiss = useMutation(trpc.loops.dismiss.mutationOptions(handlers("dismiss", () => "Dismissed")));
  const snooze = useMutation(
    trpc.loops.snooze.mutationOptions(handlers("snooze", (v) => (v.until ? `Snoozed until ${snoozeWhenWords(new Date(v.until), new Date())}` : "Snoozed"))),
  );
  // onRefused runs after the rollback, e.g. to give the restored loop its focus back.
  return {
    resolve: (loopId: string, onRefused?: () => void) => resolve.mutate({ loopId }, { onError: onRefused }),
    dismiss: (loopId: string, reason?: string, onRefused?: () => void) => dismiss.mutate({ loopId, reason }, { onError: onRefused }),
    snooze: (loopId: string, until: Date, onRefused?: () => void) => snooze.mutate({ loopId, until: until.toISOString() }, { onError: onRefused }),
    /** Ends a snooze now: the loop is back in its place. */
    wake: (loopId: string, title?: string) => undo(loopId, title, "Back on your list"),
  };
}
