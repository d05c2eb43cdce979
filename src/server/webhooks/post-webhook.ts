import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { MAX_ANSWER_BYTES } from "../delivery/ack";
import { refusedAddress, type TargetPolicy } from "./address-policy";
import { guardedLookup } from "./target-policy";

export type PostResult = { ok: boolean; statusCode: number | null; latencyMs: number; error: string | null };

const agents = new Map<string, http.Agent>();

/** One keep-alive agent per scheme and policy, whose every new connection goes through guardedLookup. */
function agentFor(protocol: string, policy: TargetPolicy): http.Agent {
  const key = `${protocol}${policy.allowPrivate ? "+private" : ""}${policy.allowLoopback ? "+loopback" : ""}`;
  let agent = agents.get(key);
  if (!agent) {
    const opts = { keepAlive: true, maxSockets: 8, lookup: guardedLookup(policy) };
    agent = protocol === "https:" ? new https.Agent(opts) : new http.Agent(opts);
    agents.set(key, agent);
  }
  return agent;
}

/**
 * One POST to a webhook endpoint with node:http(s), whose `lookup` refuses forbidden addresses at
 * connect time (an IP literal is judged here, since no lookup happens for it). A hard timeout
 * covers the answer too; redirects are not followed (a 3xx is a failure); at most
 * MAX_ANSWER_BYTES of the answer are read. Any 2xx is a delivery (Standard Webhooks).
 */
export function postWebhook(
  target: string,
  body: string,
  headers: Record<string, string>,
  opts: { timeoutMs: number; policy: TargetPolicy; lookup?: LookupFunction },
): Promise<PostResult> {
  const started = performance.now();
  const done = (statusCode: number | null, error: string | null): PostResult => ({
    ok: error === null && statusCode !== null && statusCode >= 200 && statusCode < 300,
    statusCode,
    latencyMs: Math.round(performance.now() - started),
    error,
  });
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return Promise.resolve(done(null, "not a valid URL"));
  }
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host) !== 0) {
    const why = refusedAddress(host, opts.policy);
    if (why) return Promise.resolve(done(null, `refused to connect: ${why}`));
  }
  const client = url.protocol === "https:" ? https : http;
  // A test's own lookup gets a connection of its own (agent: false), never a pooled one.
  const agent = opts.lookup ? false : agentFor(url.protocol, opts.policy);
  return new Promise((resolve) => {
    const req = client.request(
      url,
      {
        method: "POST",
        agent,
        lookup: opts.lookup,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), "user-agent": "Calm-Webhooks/1", ...headers },
        signal: AbortSignal.timeout(opts.timeoutMs),
      },
      (res) => {
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_ANSWER_BYTES) res.destroy(); // the status is what counts; the rest is not buffered
        });
        const status = res.statusCode ?? null;
        const finish = () => resolve(done(status, status !== null && status >= 200 && status < 300 ? null : `HTTP ${status}`));
        res.on("end", finish);
        res.on("close", finish); // also when destroyed above (resolve ignores a second call)
        res.on("error", () => undefined);
      },
    );
    req.on("error", (e: Error & { code?: string }) => {
      if (e.name === "AbortError" || e.name === "TimeoutError") return resolve(done(null, `timed out after ${opts.timeoutMs} ms`));
      resolve(done(null, e.code && !e.message.includes(e.code) ? `${e.message} (${e.code})` : e.message));
    });
    req.end(body);
  });
}
