import { describe, expect, it } from "vitest";
import { validate, version } from "uuid";
import { loopId } from "./ids";

describe("loopId", () => {
  const event = "00000000-0000-4000-8000-000000000001";

  it("is a UUIDv5, stable for the same opening event and loop type", () => {
    const id = loopId(event, "new_lead");
    expect(validate(id) && version(id)).toBe(5);
    expect(loopId(event, "new_lead")).toBe(id);
  });

  it("differs by loop type and by opening event", () => {
    expect(loopId(event, "new_lead")).not.toBe(loopId(event, "quote_needed"));
    expect(loopId(event, "new_lead")).not.toBe(loopId("00000000-0000-4000-8000-000000000002", "new_lead"));
  });

  it("is pinned: changing the namespace would orphan stored loop commands", () => {
    expect(loopId(event, "new_lead")).toMatchInlineSnapshot(`"c3a0e51d-36ad-5006-839b-88525c21f206"`);
  });
});
