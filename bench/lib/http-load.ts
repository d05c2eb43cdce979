import autocannon from "autocannon";

export type HttpRun = { rps: number; p50: number; p99: number; ok: number; failed: number; seconds: number };

/**
 * `connections` clients POSTing to `path` for `seconds` (autocannon). `body` is called for every
 * request, so each request can carry a distinct new event.
 */
export async function httpLoad(opts: {
  baseUrl: string; path: string; connections: number; seconds: number; headers?: Record<string, string>; body: () => string;
}): Promise<HttpRun> {
  const headers = { "content-type": "application/json", ...opts.headers };
  const result = await autocannon({
    url: opts.baseUrl,
    connections: opts.connections,
    duration: opts.seconds,
    requests: [{ method: "POST", path: opts.path, headers, setupRequest: (req) => ({ ...req, body: opts.body() }) }],
  });
  return {
    // 2xx per second over the run: failed requests do not count as throughput.
    rps: result["2xx"] / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result["2xx"],
    failed: result.non2xx + result.errors + result.timeouts,
    seconds: result.duration,
  };
}
