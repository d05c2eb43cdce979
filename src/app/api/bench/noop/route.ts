export const dynamic = "force-dynamic";

/**
 * Exists for the benchmark baseline only (bench/append.bench.ts): the cheapest request this
 * Next server can answer, so append throughput can be compared with the web layer's own ceiling.
 */
export function POST() {
  return Response.json({ ok: true });
}
