import { TRPCClientError } from "@trpc/client";

export type LoopVerb = "resolve" | "dismiss" | "snooze" | "undo";

const conflict: Record<LoopVerb, string> = {
  resolve: "it is no longer open. Someone may have closed it already.",
  dismiss: "it is no longer open. Someone may have closed it already.",
  snooze: "it is no longer open. Someone may have closed it already.",
  undo: "it was closed by what happened since (a payment, a quote, a follow-up sent), or another loop like it is open now.",
};

/** Why a loop action failed, in words a person can act on. */
export function actionErrorWords(verb: LoopVerb, title: string | undefined, err: unknown): string {
  const what = title ? `“${title}”` : "this loop";
  const doing = verb === "undo" ? `Couldn't undo for ${what}` : `Couldn't ${verb} ${what}`;
  const code = err instanceof TRPCClientError ? (err.data as { code?: string } | undefined)?.code : undefined;
  switch (code) {
    case "CONFLICT":
      return `${doing}: ${conflict[verb]}`;
    case "BAD_REQUEST":
      return verb === "snooze" ? `${doing}: pick a time later than now and at most a year ahead.` : `${doing}: the request was not understood.`;
    case "NOT_FOUND":
      return `${doing}: it no longer exists.`;
    case "UNAUTHORIZED":
      return `${doing}: your session has ended. Sign in again.`;
    case "FORBIDDEN":
      return `${doing}: the request was refused.`;
    default:
      return `${doing}. Check your connection and try again.`;
  }
}
