import { type DeliveryAck, judgeAnswer, MAX_ANSWER_BYTES, type PostOutcome } from "./ack";
import { ATTEMPT_HEADER, EVENT_ID_HEADER, SIGNATURE_HEADER, signBody, TIMESTAMP_HEADER } from "./signature";

export type WebhookTarget = {
  url: string;
  secret: string;
  timeoutMs: number;
  /** What counts as delivered (DELIVERY_ACK); default echo. */
  ack?: DeliveryAck;
};

export type { PostOutcome };

/** One signed POST with a hard timeout (covering the answer's body); judged by judgeAnswer. */
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
    // Read in both modes: a small answer drained keeps the keep-alive socket reusable.
    return judgeAnswer(target.ack ?? "echo", res.status, await readCapped(res, MAX_ANSWER_BYTES), eventId);
  } catch (e) {
    const err = e as Error;
    if (err.name === "TimeoutError") return { ok: false, error: `timed out after ${target.timeoutMs} ms` };
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    return { ok: false, error: cause ? `${err.message} (${cause})` : err.message };
  }
}

/** The answer's text, or null (and the rest discarded unread) once it passes `max` bytes. */
async function readCapped(res: Response, max: number): Promise<string | null> {
  if (!res.body) return "";
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks).toString("utf8");
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
}
