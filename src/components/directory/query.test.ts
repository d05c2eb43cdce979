import { describe, expect, it } from "vitest";
import { directoryHref, parseDirectoryQuery } from "./query";

describe("the directory's address", () => {
  it("round-trips a type and a search", () => {
    const q = parseDirectoryQuery({ type: "client", q: "ada lovelace" });
    expect(q).toEqual({ type: "client", q: "ada lovelace" });
    expect(directoryHref(q)).toBe("/entities?type=client&q=ada+lovelace");
    expect(directoryHref({ type: null, q: "  " })).toBe("/entities");
  });
  it("ignores a type it does not know", () => {
    expect(parseDirectoryQuery({ type: ["project", "client"] })).toEqual({ type: null, q: "" });
    expect(parseDirectoryQuery({ type: "__proto__" }).type).toBeNull();
  });
});
