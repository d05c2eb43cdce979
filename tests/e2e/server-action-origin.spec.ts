import { expect, test } from "./fixtures";

// Issue 8, finding 10, on the e2e server itself (no APP_URL: its own loopback origin counts).
test("a server action posted from another origin answers 403, not Next's 500", async ({ request }) => {
  const res = await request.post("/sign-in", {
    headers: { origin: "https://evil.example", "next-action": "7f".repeat(21), "content-type": "text/plain;charset=UTF-8" },
    data: "[]",
  });
  expect(res.status()).toBe(403);
  expect(res.headers()["cache-control"]).toBe("no-store");
});
