import type { PGLiteSocketServer } from "@electric-sql/pglite-socket";

type Enqueue = (handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void) => Promise<number>;

/** Extended-protocol messages that belong to the query a later Sync (or Flush) completes. */
const PART_OF_QUERY = new Set(["P", "B", "D", "E", "C"].map((c) => c.charCodeAt(0)));
const ENDS_QUERY = new Set(["S", "H"].map((c) => c.charCodeAt(0)));
const TERMINATE = "X".charCodeAt(0);

/**
 * pglite-socket 0.2.17 queues each wire-protocol message of each connection on its own, and keeps
 * only an explicit transaction's messages together. Two connections running parameterized queries
 * at once (node-postgres sends Parse, Bind, Describe, Execute, Sync) then interleave on PGlite's one
 * backend: one connection's Bind lands on the other's unnamed statement ("bind message supplies 1
 * parameters, but prepared statement "" requires 7"). The dashboard's list and summary, fetched
 * together after every live update, failed that way. This makes each connection's messages up to
 * its Sync (or Flush) one entry of the queue, so a query runs whole.
 *
 * It wraps the server's queue (a private field, checked at start: an upgrade that renames it fails
 * loudly instead of silently losing the fix); src/server/db/embedded.int.test.ts covers it.
 */
export function groupQueriesPerConnection(server: PGLiteSocketServer): void {
  const queue = (server as unknown as { queryQueue?: { enqueue?: Enqueue } }).queryQueue;
  if (!queue || typeof queue.enqueue !== "function") {
    throw new Error("pglite-socket changed: its query queue is not where groupQueriesPerConnection expects it");
  }
  const enqueue: Enqueue = queue.enqueue.bind(queue);
  const parts = new Map<number, Uint8Array[]>();
  queue.enqueue = (handlerId, message, onData) => {
    const type = message[0]!;
    const held = parts.get(handlerId);
    if (PART_OF_QUERY.has(type)) {
      if (held) held.push(message);
      else parts.set(handlerId, [message]);
      return Promise.resolve(0); // its answer comes with the group's
    }
    if (type === TERMINATE) parts.delete(handlerId);
    if (!held || !ENDS_QUERY.has(type)) return enqueue(handlerId, message, onData);
    parts.delete(handlerId);
    return enqueue(handlerId, concat([...held, message]), onData);
  };
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
