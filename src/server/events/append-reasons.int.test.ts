import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { leadCreated, noteOn } from "../../../tests/helpers/events";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { AppError } from "../errors";
import { type AppendInput, appendEvents } from "./append";

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => db?.drop());

const refusal = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e);

// Code that reacts to a refusal (closeLoop's retry on a version conflict) tests these reasons.
describe("append refusals carry a typed reason", () => {
  it("a stale expectedVersion is version_mismatch; a reused id with other content is event_exists; another org is org_mismatch", async () => {
    const orgId = randomUUID();
    const deal = { id: randomUUID(), type: "deal" as const };
    const lead = leadCreated({ primary_entity: deal });
    await appendEvents(db.pool, { orgId }, [lead]);

    const stale = await refusal(appendEvents(db.pool, { orgId }, [{ ...noteOn(deal), expectedVersion: 0 }]));
    expect(stale).toBeInstanceOf(AppError);
    expect(stale).toMatchObject({ reason: "version_mismatch", code: "CONFLICT", path: ["expectedVersion"] });

    const reused = await refusal(appendEvents(db.pool, { orgId }, [{ ...lead, payload: { name: "Someone else" } } as AppendInput]));
    expect(reused).toMatchObject({ reason: "event_exists", code: "CONFLICT", path: ["id"] });

    const other = await refusal(appendEvents(db.pool, { orgId }, [{ ...noteOn(deal), org_id: randomUUID() }]));
    expect(other).toMatchObject({ reason: "org_mismatch", code: "FORBIDDEN", path: ["org_id"] });
  });
});
