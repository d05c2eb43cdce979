import { describe, expect, it } from "vitest";
import { CLIENT, TestLog, stateOf } from "../testing/fixtures";
import { entityDisplayName } from "./display-name";
import { entitySummary } from "./summary";

describe("client_created / client_updated", () => {
  it("names the client; a repeated client_created only fills what is still unknown", () => {
    const log = new TestLog();
    log.add(CLIENT, "client_created", { name: "Ada Lovelace", email: "ada@example.com" }, "2025-01-06T09:00:00Z");
    log.add(CLIENT, "client_created", { name: "A. Lovelace", email: "other@example.com", company: "Engines Ltd" }, "2025-01-06T09:01:00Z");
    expect(stateOf(log.events)).toMatchObject({ name: "Ada Lovelace", email: "ada@example.com", phone: null, company: "Engines Ltd" });
    expect(entityDisplayName(stateOf(log.events))).toBe("Ada Lovelace");
    expect(entitySummary(stateOf(log.events))).toBe("Engines Ltd · ada@example.com");
  });

  it("an update replaces the fields it gives, null clears one, absent ones stay", () => {
    const log = new TestLog();
    log.add(CLIENT, "client_created", { name: "Ada", email: "ada@example.com", phone: "+44 1", company: "Engines" }, "2025-01-06T09:00:00Z");
    log.add(CLIENT, "client_updated", { name: "Ada Lovelace", phone: null }, "2025-01-07T09:00:00Z");
    expect(stateOf(log.events)).toMatchObject({ name: "Ada Lovelace", email: "ada@example.com", phone: null, company: "Engines" });
  });

  it("an update before any client_created names the client too; the later create fills only the gaps", () => {
    const log = new TestLog();
    log.add(CLIENT, "client_updated", { email: "ada@example.com" }, "2025-01-06T09:00:00Z");
    expect(entityDisplayName(stateOf(log.events))).toBe(`Client ${CLIENT.id.slice(0, 8)}`);
    log.add(CLIENT, "client_created", { name: "Ada", email: "old@example.com" }, "2025-01-06T10:00:00Z");
    expect(stateOf(log.events)).toMatchObject({ name: "Ada", email: "ada@example.com" });
  });
});
