import { z } from "zod";
import { uuid } from "~/domain/events";

export const revokeKeyInput = z.object({ id: uuid });

export type RevokeKeyOutput = { revoked: true };
