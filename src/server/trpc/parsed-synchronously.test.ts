import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parsedSynchronously } from "./parsed-synchronously";

describe("parsedSynchronously", () => {
  it("answers parseAsync with a synchronous parse: same value, same errors", async () => {
    const schema = parsedSynchronously(z.object({ id: z.uuid(), n: z.number().int() }));
    let parses = 0;
    const parse = schema.parse.bind(schema);
    schema.parse = ((v: unknown, p?: Parameters<typeof schema.parse>[1]) => (parses++, parse(v, p))) as typeof schema.parse;
    const id = "0190b000-0000-7000-8000-0000000000c2";
    await expect(schema.parseAsync({ id, n: 3, extra: 1 })).resolves.toEqual({ id, n: 3 });
    expect(parses).toBe(1);
    const error = await schema.parseAsync({ id: "nope", n: 1.5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(z.ZodError);
    expect((error as z.ZodError).issues.map((i) => i.path.join("."))).toEqual(["id", "n"]);
  });

  it("falls back to an asynchronous parse for a schema with an async refinement", async () => {
    const schema = parsedSynchronously(z.string().refine(async (s) => s.startsWith("ok"), "must start with ok"));
    await expect(schema.parseAsync("ok then")).resolves.toBe("ok then");
    await expect(schema.parseAsync("no")).rejects.toThrow("must start with ok");
  });
});
