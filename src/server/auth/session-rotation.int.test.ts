import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { newOrg } from "../../../tests/helpers/callers";

// SESSION_SECRET rotation (README, Security): with the old secret in SESSION_SECRET_PREVIOUS,
// cookies sealed before the rotation still sign in; new ones are sealed with the new secret.

const OLD = "the-old-session-secret-0123456789-abcdef";
const NEW = "the-new-session-secret-0123456789-abcdef";
let db: TestDb;
beforeAll(async () => {
  db = await createTestDb(2);
});
afterAll(async () => db?.drop());
afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

async function load(env: Record<string, string | undefined>) {
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  vi.resetModules();
  const cookie = await import("./session-cookie");
  const sessions = await import("./sessions");
  return { ...cookie, ...sessions };
}

describe("SESSION_SECRET rotation", () => {
  it("old cookies are read while SESSION_SECRET_PREVIOUS holds the old secret, and not after", async () => {
    const org = await newOrg(db.pool, "Rotating");
    const before = await load({ SESSION_SECRET: OLD, SESSION_SECRET_PREVIOUS: undefined });
    const sid = await before.startSession(db.pool, org);
    const oldCookie = await before.sealSessionId(sid);
    expect(await before.sidFromCookieValue(oldCookie)).toBe(sid);

    const during = await load({ SESSION_SECRET: NEW, SESSION_SECRET_PREVIOUS: OLD });
    expect(await during.sidFromCookieValue(oldCookie)).toBe(sid);
    const newCookie = await during.sealSessionId(sid);

    const after = await load({ SESSION_SECRET: NEW, SESSION_SECRET_PREVIOUS: undefined });
    expect(await after.sidFromCookieValue(oldCookie)).toBeNull();
    expect(await after.sidFromCookieValue(newCookie)).toBe(sid);
  });
});
