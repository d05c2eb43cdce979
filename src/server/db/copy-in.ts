import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";

/**
 * Streams `texts` (rows in COPY's text format: copyLine) into `sql`, a `COPY … FROM STDIN`, on
 * this connection (in its transaction, if any). Postgres reads a COPY in small pieces and writes
 * its rows a page at a time, where an INSERT … SELECT from one JSON parameter takes the whole
 * document into memory first and writes a WAL record per row. Not on the embedded PGlite
 * (server-features.ts, takesCopyIn).
 */
export async function copyIn(client: pg.PoolClient, sql: string, texts: readonly string[]): Promise<void> {
  const some = texts.filter((t) => t.length > 0);
  if (some.length === 0) return;
  await pipeline(Readable.from(some), client.query(copyFrom(sql)));
}

/**
 * One row in COPY's text format: null as \N, objects as their JSON, the rest as text, with
 * backslash, tab, newline and carriage return escaped.
 */
export function copyLine(values: readonly unknown[]): string {
  let line = "";
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const field = v === null || v === undefined ? "\\N" : copyEscape(typeof v === "object" ? JSON.stringify(v) : String(v));
    line += i === 0 ? field : `\t${field}`;
  }
  return `${line}\n`;
}

/** A COPY text field: the four characters COPY reads specially escaped (a backslash-N then cannot be taken for null). */
export function copyEscape(s: string): string {
  return /[\\\t\n\r]/.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : s;
}
const ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };
