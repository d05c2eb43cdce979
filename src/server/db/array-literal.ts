/**
 * A Postgres array literal ("{a,b,NULL}") of strings and numbers, for a parameter cast to an array
 * type. pg's own serializer quotes and escapes every element with two regex replacements; the
 * append path's elements (uuids, catalog names, ISO instants, versions) never need quoting, so they
 * are written bare, and only an element that needs it is quoted.
 */
export function arrayLiteral(values: readonly (string | number | null)[]): string {
  let out = "{";
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ",";
    const v = values[i];
    if (v === null || v === undefined) out += "NULL";
    else if (typeof v === "number") out += String(v);
    else out += needsQuotes(v) ? `"${v.replace(ESCAPED, "\\$&")}"` : v;
  }
  return `${out}}`;
}

// What array_in would read as structure rather than text: braces, commas, quotes, backslashes,
// white space (trimmed around bare elements), nothing at all, and a bare NULL.
const STRUCTURE = /[{}",\\\s]/;
const needsQuotes = (v: string) => v.length === 0 || STRUCTURE.test(v) || (v.length === 4 && v.toUpperCase() === "NULL");
const ESCAPED = /["\\]/g;
