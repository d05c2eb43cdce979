import { describe, expect, it } from "vitest";
import { entityHref } from "./entity-href";

describe("entityHref", () => {
  it("links only a known entity type with a UUID id", () => {
    expect(entityHref("deal", "5f0c7a52-7d4b-4b8e-9c61-0d2f4b3e6a11")).toBe("/entities/deal/5f0c7a52-7d4b-4b8e-9c61-0d2f4b3e6a11");
    for (const [type, id] of [
      ["deal", "../../sign-in?next=https://evil.example"],
      ["deal", "5f0c7a52-7d4b-4b8e-9c61-0d2f4b3e6a11/../../sign-in"],
      ["../sign-in", "5f0c7a52-7d4b-4b8e-9c61-0d2f4b3e6a11"],
      ["project", "5f0c7a52-7d4b-4b8e-9c61-0d2f4b3e6a11"],
      ["deal", 42],
      [undefined, undefined],
    ]) expect(entityHref(type, id), `${type} ${id}`).toBeNull();
  });
});
