import pg from "pg";

/** The process-wide parsers that Emmett's driver replaces: int8, json, jsonb. */
const OIDS = [20, 114, 3802] as const;
type Parsers = Map<number, (v: string) => unknown>;
const current = (): Parsers => new Map(OIDS.map((oid) => [oid, pg.types.getTypeParser(oid, "text") as (v: string) => unknown]));

/**
 * Emmett's driver (dumbo) replaces node-postgres's process-wide type parsers when it makes its
 * first pool: int8 becomes BigInt and json/jsonb go through its own serializer. In one process
 * with Emmett, our side would then read positions as BigInt (and pay for another JSON parser).
 * These are the app's parsers, captured before Emmett runs, for our pools' own `types`.
 */
export function captureOwnTypes(): pg.CustomTypesConfig {
  const own = current();
  return {
    getTypeParser: ((oid: number, format?: "text" | "binary") =>
      (format ?? "text") === "text" && own.has(oid) ? own.get(oid)! : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig["getTypeParser"],
  };
}

/**
 * A pool's own `types` are not enough: the app's queries that pass their own `types` per query
 * (ISO_TIMESTAMPS: the subscription runner's reads, the projector's outbox) fall back to the
 * process-wide parsers for every other type, so under Emmett's they read positions as BigInt
 * (the projector's catch-up then failed in JSON.stringify). Each side therefore runs with its own
 * process-wide parsers: `useParsers("ours")` before our side runs, `useParsers("emmett")` before
 * Emmett's. The bench runs one side at a time, so the switch never happens under a running query.
 */
export function parserSwitch() {
  const sets: { ours: Parsers; emmett: Parsers | null } = { ours: current(), emmett: null };
  return {
    /** Call once Emmett has made its first pool (its parsers are then the process-wide ones). */
    captureEmmett() {
      sets.emmett ??= current();
    },
    use(side: "ours" | "emmett") {
      const set = sets[side];
      if (!set) throw new Error("Emmett's parsers not captured yet");
      for (const [oid, parse] of set) pg.types.setTypeParser(oid, parse);
    },
  };
}
