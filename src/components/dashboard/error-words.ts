import { TRPCClientError } from "@trpc/client";

/** Why a loop action failed, in words a person can act on. */
export function actionErrorWords(verb: "resolve" | "dismiss", title: string | undefined, err: unknown): string {
  const what = title ? `“${title}”` : "this loop";
  const code = err instanceof TRPCClientError ? (err.data as { code?: string } | undefined)?.code : undefined;
  switch (code) {
    case "CONFLICT":
      return `Couldn't ${verb} ${what}: it is no longer open. Someone may have closed it already.`;
    case "NOT_FOUND":
      return `Couldn't ${verb} ${what}: it no longer exists.`;
    case "UNAUTHORIZED":
      return `Couldn't ${verb} ${what}: your session has ended. Sign in again.`;
    case "FORBIDDEN":
      return `Couldn't ${verb} ${what}: the request was refused.`;
    default:
      return `Couldn't ${verb} ${what}. Check your connection and try again.`;
  }
}
