import { ATTEMPT_HEADER, EVENT_ID_HEADER, SIGNATURE_HEADER, signBody, TIMESTAMP_HEADER } from "./signature";

export type WebhookTarget = { url: string; secret: string; timeoutMs: number };

export type PostOutcome = { ok: true; status: number } | { ok: false; error: string };

/** One signed POST with a hard timeout; only a 2xx counts as delivered. */
export async function postEntry(
  target: WebhookTarget,
  body: string,
  eventId: string,
  attempt: number,
  nowMs: number,
): Promise<PostOutcome> {
  const timestamp = String(Math.floor(nowMs / 1000));
  try {
    const res = await fetch(target.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        [SIGNATURE_HEADER]: signBody(target.secret, timestamp, body),
        [TIMESTAMP_HEADER]: timestamp,
        [EVENT_ID_HEADER]: eventId,
        [ATTEMPT_HEADER]: String(attempt),
      },
      body,
      signal: AbortSignal.timeout(target.timeoutMs),
    });
    await res.arrayBuffer().catch(() => undefined); // drain so the keep-alive socket is reused
    return res.ok ? { ok: true, status: res.status } : { ok: false, error: `HTTP ${res.status}` };
  } catch (e) {
    const err = e as Error;
    if (err.name === "TimeoutError") return { ok: false, error: `timed out after ${target.timeoutMs} ms` };
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    return { ok: false, error: cause ? `${err.message} (${cause})` : err.message };
  }
}
