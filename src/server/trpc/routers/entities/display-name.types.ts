import { z } from "zod";
import { entityType, uuid } from "~/domain/events";

export const displayNameInput = z.object({ type: entityType, id: uuid });

/** null: not (yet) in the org's entity read model. */
export type DisplayNameOutput = { name: string | null };
