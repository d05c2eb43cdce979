import { parse as parseUuid } from "uuid";
import { sha1Words } from "./sha1";
import { toMs } from "./instants";
import type { LoopType } from "./types";

/** Fixed namespace for loop ids. Changing it would orphan every stored loop_dismissed/loop_resolved. */
export const LOOP_ID_NAMESPACE = "17b41411-f1ac-4ed4-b6f1-baec50e8682b";
const NAMESPACE_BYTES = parseUuid(LOOP_ID_NAMESPACE);
const HEX_CODES = Array.from("0123456789abcdef", (c) => c.charCodeAt(0));
const DASH = 45;
const utf8 = new TextEncoder();
const words = new Int32Array(5);
/** Namespace then name; reused, as ids are derived one after another. */
let input = new Uint8Array(128);
input.set(NAMESPACE_BYTES);
/**
 * The id's characters, written in place and made one flat string: concatenating them built a rope
 * of ~20 pieces that lived as long as the id (the projector keeps a batch's ids until it is
 * written, and the garbage collector copied them all).
 */
const chars: number[] = Array.from({ length: 36 }, () => DASH);

/** Writes the UUIDv5 (RFC 9562 §5.5) of `name` in the loop namespace into `chars`. */
function hashInto(name: string): void {
  let length = 16 + name.length;
  if (input.length < length) {
    input = new Uint8Array(2 * length);
    input.set(NAMESPACE_BYTES);
  }
  let ascii = true;
  for (let i = 0; i < name.length && ascii; i++) {
    const c = name.charCodeAt(i);
    input[16 + i] = c;
    ascii = c < 0x80;
  }
  if (!ascii) {
    const bytes = utf8.encode(name);
    if (input.length < 16 + bytes.length) {
      input = new Uint8Array(2 * (16 + bytes.length));
      input.set(NAMESPACE_BYTES);
    }
    input.set(bytes, 16);
    length = 16 + bytes.length;
  }
  sha1Words(input, length, words);
  for (let i = 0, j = 0; i < 16; i++) {
    let byte = (words[i >> 2]! >>> (24 - 8 * (i & 3))) & 0xff;
    if (i === 6) byte = (byte & 0x0f) | 0x50; // version 5
    if (i === 8) byte = (byte & 0x3f) | 0x80; // RFC variant
    if (i === 4 || i === 6 || i === 8 || i === 10) j++; // a dash stays there
    chars[j++] = HEX_CODES[byte >> 4]!;
    chars[j++] = HEX_CODES[byte & 0x0f]!;
  }
}

/** UUIDv5 (RFC 9562 §5.5) of `name` in the loop namespace: the value uuid's v5() gives. */
function uuidV5(name: string): string {
  hashInto(name);
  return String.fromCharCode.apply(null, chars);
}

/** Deterministic loop id: a rebuilt projection has the same ids, which loop commands name. */
export function loopId(openingEventId: string, loopType: LoopType): string {
  return uuidV5(`${openingEventId}:${loopType}`);
}

/**
 * Deterministic id of one loop notification (SPEC "Loop notifications"): the loop, the change,
 * its instant (`changedAt`, ISO) and its cause (an event, or time). Whoever derives the same change
 * again (a retried transaction, the projector or the tick reaching one time-driven change) derives
 * the same id, so the outbox keeps it once; receivers dedupe on it (the webhook-id). Laid out as a
 * UUIDv8 that sorts by time (UUIDv7's layout): the first 48 bits are changedAt's milliseconds, the
 * rest the UUIDv5 of the rest of it. Changes are written in about time order, so the outbox's
 * unique index grows at its right edge instead of at random pages (cheaper per row).
 */
export function notificationId(loop: string, change: string, changedAt: string, causedByEventId: string | null): string {
  hashInto(`notification:${loop}:${change}:${changedAt}:${causedByEventId ?? "time"}`);
  // The low 48 bits of the milliseconds, in hex, over the first 12 digits (chars 0-7, 9-12).
  let ms = Math.max(0, toMs(changedAt));
  for (let digit = 11; digit >= 0; digit--) {
    chars[digit < 8 ? digit : digit + 1] = HEX_CODES[ms % 16]!;
    ms = Math.floor(ms / 16);
  }
  chars[14] = 56; // "8": version 8
  return String.fromCharCode.apply(null, chars);
}
