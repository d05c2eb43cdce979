import { readFileSync } from "node:fs";
import path from "node:path";
import { parseEnv } from "node:util";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ACCOUNT_ENV_RULES, EMBEDDED_DATABASE_URL, PUBLISHED_SECRETS, cookieSecure, isLoopbackHost, publishedSecretProblems } from "./env-accounts";

const rules = z.object(ACCOUNT_ENV_RULES);
const parse = (env: Record<string, string>) => rules.safeParse(env);
const messageOf = (env: Record<string, string>) => {
  const r = parse(env);
  return r.success ? null : r.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`);
};

describe("APP_URL", () => {
  it("is kept as its origin", () => {
    expect(parse({ APP_URL: "https://Calm.Example.com/" }).data?.APP_URL).toBe("https://calm.example.com");
    expect(parse({ APP_URL: "https://calm.example.com:8443" }).data?.APP_URL).toBe("https://calm.example.com:8443");
  });
  it.each(["calm.example.com", "ftp://calm.example.com", "https://calm.example.com/app", "https://calm.example.com/?x=1", "https://user:pw@calm.example.com"])(
    "%s is refused with what it must be",
    (value) => {
      expect(messageOf({ APP_URL: value })).toEqual([
        "APP_URL: must be the app's public URL: scheme, host and optional port, no path, such as https://calm.example.com",
      ]);
    },
  );
});

describe("TRUST_PROXY, HOST, COOKIE_SECURE, lifetimes", () => {
  it("TRUST_PROXY is 0, a number of hops up to 10, or a header name", () => {
    expect(parse({}).data?.TRUST_PROXY).toBe("0");
    for (const ok of ["0", "1", "10", "x-real-ip", "CF-Connecting-IP"]) expect(parse({ TRUST_PROXY: ok }).success, ok).toBe(true);
    for (const bad of ["11", "-1", "yes please", "x_real_ip", "true!"]) {
      expect(messageOf({ TRUST_PROXY: bad }), bad).toEqual(["TRUST_PROXY: must be 0, a number of proxies from 1 to 10, or a header name such as x-real-ip"]);
    }
  });
  it("HOST defaults to loopback", () => {
    expect(parse({}).data?.HOST).toBe("127.0.0.1");
    expect(parse({ HOST: "0.0.0.0" }).success).toBe(true);
    expect(parse({ HOST: "a host; rm -rf" }).success).toBe(false);
  });
  it("COOKIE_SECURE is 0 or 1; unset, it follows APP_URL's scheme (issue 8, finding 9)", () => {
    expect(messageOf({ COOKIE_SECURE: "yes" })).toEqual(["COOKIE_SECURE: must be 0 or 1"]);
    expect(cookieSecure({ APP_URL: "https://calm.example.com" })).toBe(true);
    expect(cookieSecure({ APP_URL: "http://calm.internal" })).toBe(false);
    expect(cookieSecure({})).toBe(false);
    expect(cookieSecure({ APP_URL: "https://calm.example.com", COOKIE_SECURE: "0" })).toBe(false);
    expect(cookieSecure({ COOKIE_SECURE: "1" })).toBe(true);
  });
  it("session lifetimes default to 7 idle days and 30 days in all", () => {
    expect(parse({}).data).toMatchObject({ SESSION_IDLE_DAYS: 7, SESSION_MAX_DAYS: 30 });
    expect(messageOf({ SESSION_IDLE_DAYS: "0" })).toEqual(["SESSION_IDLE_DAYS: must be a whole number from 1 to 90"]);
  });
});

describe("published secrets (issue 8, finding 16)", () => {
  const example = parseEnv(readFileSync(path.resolve(import.meta.dirname, "../.env.example"), "utf8"));
  const base = { DATABASE_URL: "postgresql://postgres@db.internal:5432/calm", HOST: "127.0.0.1" };

  it("every secret .env.example offers is on the list, so none of them is ever accepted where it matters", () => {
    const offered = Object.entries(example).filter(([name]) => /SECRET|PASSWORD/.test(name));
    expect(offered.length).toBeGreaterThanOrEqual(2);
    for (const [name, value] of offered) expect(PUBLISHED_SECRETS[name], name).toContain(value);
  });

  it("are refused with an external database, naming each variable, without showing the value", () => {
    const lines = publishedSecretProblems({ ...base, SESSION_SECRET: example.SESSION_SECRET!, WORKER_SECRET: example.WORKER_SECRET! });
    expect(lines.map((l) => l.split(":")[0])).toEqual(["SESSION_SECRET", "WORKER_SECRET"]);
    expect(lines.join("\n")).not.toContain("dev-only");
    expect(publishedSecretProblems({ ...base, N8N_WEBHOOK_SECRET: "dev-only-webhook-secret-change-me" })).toHaveLength(1);
    expect(publishedSecretProblems({ ...base, CALM_DEMO_PASSWORD: "calm-demo-password" })).toHaveLength(1);
  });

  it("are tolerated only for the embedded default on loopback", () => {
    const published = { SESSION_SECRET: example.SESSION_SECRET!, WORKER_SECRET: example.WORKER_SECRET! };
    expect(publishedSecretProblems({ DATABASE_URL: EMBEDDED_DATABASE_URL, HOST: "127.0.0.1", ...published })).toEqual([]);
    expect(publishedSecretProblems({ DATABASE_URL: EMBEDDED_DATABASE_URL, HOST: "0.0.0.0", ...published })).toHaveLength(2);
    expect(publishedSecretProblems({ DATABASE_URL: EMBEDDED_DATABASE_URL, HOST: "127.0.0.1", APP_URL: "https://calm.example.com", ...published })).toHaveLength(2);
  });

  it("random secrets pass anywhere", () => {
    expect(publishedSecretProblems({ ...base, HOST: "0.0.0.0", SESSION_SECRET: "x".repeat(43), WORKER_SECRET: "y".repeat(43) })).toEqual([]);
  });

  it("loopback means 127.0.0.0/8, ::1 and localhost", () => {
    for (const h of ["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"]) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ["0.0.0.0", "::", "10.0.0.1", "calm.example.com", "127.0.0.1.example.com"]) expect(isLoopbackHost(h), h).toBe(false);
  });
});
