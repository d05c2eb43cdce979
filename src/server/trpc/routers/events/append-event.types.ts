import { z } from "zod";
import { MAX_PAYLOAD_DEPTH, eventInputSchema } from "~/domain/events";
import { env } from "~/env";
import type { StoredEvent } from "../../../events/stored-event";
import { parsedSynchronously } from "../../parsed-synchronously";

// entity_version is a Postgres integer: a larger expectation could never match, and must not reach the database.
const expectedVersion = z.number().int().min(0).max(2_147_483_647).optional();

/** The catalog's union with this server's payload limits (MAX_PAYLOAD_BYTES). */
const eventInput = eventInputSchema({ maxDepth: MAX_PAYLOAD_DEPTH, maxBytes: env.MAX_PAYLOAD_BYTES });

/** The catalog's union with expectedVersion on each member: z.intersection parses ~4× slower. */
export const appendInput = parsedSynchronously(
  z.discriminatedUnion(
    "event_type",
    eventInput.options.map((o) => o.extend({ expectedVersion })) as unknown as [
      (typeof eventInput.options)[number],
      ...(typeof eventInput.options)[number][],
    ],
  ),
) as unknown as z.ZodType<z.infer<typeof eventInput> & { expectedVersion?: number }>;

/** The receipt: the stored event (as before when `duplicate`), and its place in the log. */
export type AppendReceipt = { event: StoredEvent; position: number; duplicate: boolean };
