import { describe, expect, it } from "vitest";
import { AppError, isAppError } from "./errors";

describe("AppError", () => {
  it("carries its reason and the one code clients see for it", () => {
    const e = new AppError("version_mismatch", "expectedVersion 1 does not match the entity's current version 2", ["expectedVersion"]);
    expect(e).toMatchObject({ reason: "version_mismatch", code: "CONFLICT", path: ["expectedVersion"] });
    expect(new AppError("loop_not_found", "no loop x").code).toBe("NOT_FOUND");
    expect(new AppError("org_mismatch", "…").code).toBe("FORBIDDEN");
    expect(new AppError("invalid_cursor", "…").code).toBe("BAD_REQUEST");
  });
  it("is recognised by its reason, not by its message", () => {
    const e = new AppError("loop_not_active", "expectedVersion in the text does not make this a version conflict");
    expect(isAppError(e, "loop_not_active")).toBe(true);
    expect(isAppError(e, "version_mismatch")).toBe(false);
    expect(isAppError(new Error("expectedVersion 1 does not match"), "version_mismatch")).toBe(false);
  });
});
