import type { IncomingHttpHeaders } from "node:http";

/** A Headers-like lookup over Node's (lower-cased) header object, without copying it. */
export function nodeHeaders(headers: IncomingHttpHeaders): Pick<Headers, "get"> {
  return {
    get(name: string) {
      const v = headers[name.toLowerCase()];
      return v === undefined ? null : Array.isArray(v) ? v.join(", ") : v;
    },
  };
}
