/** Failures the API reports as they are (mapped onto tRPC codes in one place: trpc/init.ts). */
export type AppErrorCode = "BAD_REQUEST" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT";

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    /** The input path the error is about, e.g. ["events", 3, "org_id"]. */
    readonly path?: (string | number)[],
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const conflict = (message: string, path?: (string | number)[]) => new AppError("CONFLICT", message, path);
export const notFound = (message: string) => new AppError("NOT_FOUND", message);
export const forbidden = (message: string, path?: (string | number)[]) => new AppError("FORBIDDEN", message, path);
export const badRequest = (message: string, path?: (string | number)[]) => new AppError("BAD_REQUEST", message, path);
