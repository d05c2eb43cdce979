import { describe, expect, it } from "vitest";
import { LOOP_TYPES } from "~/domain/loops";
import { parseView, viewParam } from "./view";

describe("the dashboard's view in the URL", () => {
  it("round-trips every view", () => {
    for (const show of [null, "all", "snoozed", ...LOOP_TYPES]) expect(viewParam(parseView(show))).toBe(show);
  });
  it("reads anything else as the overview", () => {
    for (const show of ["", "ALL", "toString", "__proto__", "new_lead "]) expect(parseView(show)).toEqual({ kind: "overview" });
  });
});
