import type { Row } from "./tally";
import type { Census } from "./verify";
import type { WrittenEvent } from "./writer";

/** Everything the drill holds against the run; empty when it passed. */
export function verdict(
  events: WrittenEvent[],
  total: Row,
  census: Census,
  o: { refusals: string[]; badSignatures: number },
): string[] {
  const sent = new Set(events.map((e) => e.id));
  const notDuplicate = events.filter((e) => e.answerDropped && e.ackedAt !== undefined && !e.duplicateAnswer).length;
  const check = (failed: boolean, why: string) => (failed ? [why] : []);
  return [
    ...o.refusals.map((r) => `an append was refused: ${r}`),
    ...check(total.acknowledged < total.attempted, `${total.attempted - total.acknowledged} append(s) never acknowledged`),
    ...check(total.lost > 0, `${total.lost} acknowledged append(s) missing from the log, the stream, the projection or the webhook`),
    ...check(total.inLog < total.acknowledged || total.inStream < total.acknowledged, "acknowledged appends not exactly once in the log or the stream"),
    ...check(total.duplicates > 0, `${total.duplicates} duplicate row(s) or stream entr(y/ies)`),
    ...check(notDuplicate > 0, `${notDuplicate} event(s) sent again after a thrown-away answer did not come back as duplicates`),
    ...check([...census.inLog.keys()].some((id) => !sent.has(id)), "the log holds events the writer never sent"),
    ...check([...census.inStream.keys()].some((id) => !sent.has(id)), "the stream holds entries the writer never sent"),
    ...check(census.deadLetters > 0, `${census.deadLetters} dead letter(s)`),
    ...check(census.pendingDeliveries > 0, `${census.pendingDeliveries} deliveries still pending`),
    ...check(o.badSignatures > 0, `${o.badSignatures} webhook request(s) with a bad signature`),
  ];
}
