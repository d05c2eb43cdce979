import { describe, expect, it } from "vitest";
import { PUBLISHED_SECRETS } from "~/env-accounts";
import { demoWanted, valuesToGenerate, valuesToLoad, withValues } from "./env-file";

const EXAMPLE = ["# Signs the cookie.", "SESSION_SECRET=dev-only-session-secret-change-me-0123456789", "WORKER_SECRET=dev-only-worker-secret-change-me", "PORT=3000", ""].join("\n");

describe("the .env npm start writes", () => {
  it("a first run takes everything from .env.example but its published secrets, which it makes up", () => {
    const loaded = valuesToLoad(EXAMPLE, true);
    expect(loaded).toEqual({ PORT: "3000" });
    expect(Object.keys(valuesToGenerate(loaded, false)).sort()).toEqual(["SESSION_SECRET", "WEBHOOK_SECRET_KEY", "WORKER_SECRET"]);
    // An existing .env is the installation's own: taken as it is (published values there are refused where it matters).
    expect(valuesToLoad(EXAMPLE, false)).toMatchObject({ SESSION_SECRET: "dev-only-session-secret-change-me-0123456789" });
  });

  it("replaces the published secrets with random ones, in place, keeping the comments", () => {
    const generated = valuesToGenerate({}, false);
    expect(Object.keys(generated).sort()).toEqual(["SESSION_SECRET", "WEBHOOK_SECRET_KEY", "WORKER_SECRET"]);
    for (const [name, value] of Object.entries(generated)) {
      expect(value).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(PUBLISHED_SECRETS[name]).not.toContain(value);
    }
    const text = withValues(EXAMPLE, generated);
    expect(text.split("\n")).toEqual([
      "# Signs the cookie.",
      `SESSION_SECRET=${generated.SESSION_SECRET}`,
      `WORKER_SECRET=${generated.WORKER_SECRET}`,
      "PORT=3000",
      "",
      "# Written by npm start (random, for this installation only).",
      `WEBHOOK_SECRET_KEY=${generated.WEBHOOK_SECRET_KEY}`,
      "",
    ]);
    expect(text).not.toContain("dev-only");
  });

  it("two installations get different secrets", () => {
    expect(valuesToGenerate({}, true).SESSION_SECRET).not.toBe(valuesToGenerate({}, true).SESSION_SECRET);
  });

  it("keeps what is set, adds only what is missing (a demo password when the demo is wanted), appended once", () => {
    const set = { SESSION_SECRET: "mine-0123456789-0123456789-0123456789", WORKER_SECRET: "mine-0123456789", WEBHOOK_SECRET_KEY: "mine-0123456789-0123456789-0123456789" };
    expect(valuesToGenerate(set, false)).toEqual({});
    const demo = valuesToGenerate(set, true);
    expect(Object.keys(demo)).toEqual(["CALM_DEMO_PASSWORD"]);
    expect(demo.CALM_DEMO_PASSWORD!.length).toBeGreaterThanOrEqual(12);
    const text = withValues("PORT=3000\n", demo);
    expect(text).toBe(`PORT=3000\n\n# Written by npm start (random, for this installation only).\nCALM_DEMO_PASSWORD=${demo.CALM_DEMO_PASSWORD}\n`);
    expect(withValues("# CALM_DEMO_PASSWORD=\nPORT=1\n", demo)).toBe(`CALM_DEMO_PASSWORD=${demo.CALM_DEMO_PASSWORD}\nPORT=1\n`);
  });

  it("the demo is wanted on the embedded database, or when asked", () => {
    expect(demoWanted({ embedded: true, argv: [], calmDemo: undefined })).toBe(true);
    expect(demoWanted({ embedded: false, argv: [], calmDemo: undefined })).toBe(false);
    expect(demoWanted({ embedded: false, argv: ["--demo"], calmDemo: undefined })).toBe(true);
    expect(demoWanted({ embedded: false, argv: [], calmDemo: "1" })).toBe(true);
    expect(demoWanted({ embedded: false, argv: [], calmDemo: "0" })).toBe(false);
  });
});
