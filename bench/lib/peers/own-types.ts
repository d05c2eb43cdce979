import pg from "pg";

/**
 * Emmett's driver (dumbo) replaces node-postgres's process-wide type parsers when it makes its
 * first pool: int8 becomes BigInt and json/jsonb go through its own serializer. In one process
 * with Emmett, our side would then read positions as BigInt (and pay for another JSON parser).
 * These are the app's parsers, captured before Emmett runs, for our pools' own `types`.
 */
export function captureOwnTypes(): pg.CustomTypesConfig {
  const own = new Map([20, 114, 3802].map((oid) => [oid, pg.types.getTypeParser(oid, "text")]));
  return {
    getTypeParser: ((oid: number, format?: "text" | "binary") =>
      (format ?? "text") === "text" && own.has(oid) ? own.get(oid)! : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig["getTypeParser"],
  };
}
