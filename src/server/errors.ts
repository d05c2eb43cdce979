/** Failures the API reports as they are (mapped onto tRPC codes in one place: trpc/init.ts). */
export type AppErrorCode = "BAD_REQUEST" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PRECONDITION_FAILED";

/**
 * Why a request was refused, each with the one code clients see. Code that reacts to a refusal
 * (a retry, a message) tests the reason, never the message text.
 */
const CODE_OF = {
  invalid_cursor: "BAD_REQUEST",
  unstorable_value: "BAD_REQUEST",
  actor_required: "BAD_REQUEST",
  org_mismatch: "FORBIDDEN",
  actor_forbidden: "FORBIDDEN",
  entity_not_found: "NOT_FOUND",
  loop_not_found: "NOT_FOUND",
  event_exists: "CONFLICT",
  event_twice: "CONFLICT",
  version_mismatch: "CONFLICT",
  loop_not_active: "CONFLICT",
  // Snooze and reopen (issue 13).
  invalid_until: "BAD_REQUEST",
  loop_not_reopenable: "CONFLICT",
  // The org-wide time machine (issue 14): a moment in the future, or a window that ends before it starts.
  invalid_moment: "BAD_REQUEST",
  // Integrations (issue 12): API keys and webhooks managed in Settings.
  api_key_not_found: "NOT_FOUND",
  webhook_not_found: "NOT_FOUND",
  delivery_not_found: "NOT_FOUND",
  webhook_url_refused: "BAD_REQUEST",
  webhook_limit_reached: "CONFLICT",
  webhook_secret_key_missing: "PRECONDITION_FAILED",
} as const satisfies Record<string, AppErrorCode>;

export type AppErrorReason = keyof typeof CODE_OF;

export class AppError extends Error {
  readonly code: AppErrorCode;
  constructor(
    readonly reason: AppErrorReason,
    message: string,
    /** The input path the error is about, e.g. ["events", 3, "org_id"]. */
    readonly path?: (string | number)[],
  ) {
    super(message);
    this.name = "AppError";
    this.code = CODE_OF[reason];
  }
}

/** True when `e` is an AppError for that reason. */
export const isAppError = (e: unknown, reason: AppErrorReason): e is AppError => e instanceof AppError && e.reason === reason;
