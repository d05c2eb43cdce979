/**
 * The event id of a stream entry's flat fields, or undefined for entries that are not events (the
 * loop notifications, kind=loop, share the stream; entries from before `kind` existed are events).
 */
export function eventIdOf(flat: readonly string[]): string | undefined {
  const field = (name: string) => {
    for (let i = 0; i + 1 < flat.length; i += 2) if (flat[i] === name) return flat[i + 1];
    return undefined;
  };
  const kind = field("kind");
  return kind === undefined || kind === "event" ? field("event_id") : undefined;
}
