import { z } from "zod";
import { storableText } from "~/domain/events";
import type { ApiKeyItem } from "../../../api-keys/list-keys";
import { KEY_SCOPE_NAMES } from "../../../auth/scopes";

export const createKeyInput = z.object({
  name: storableText.trim().min(1, "must not be empty").max(200),
  scopes: z
    .array(z.enum(KEY_SCOPE_NAMES))
    .min(1, "must hold at least one scope")
    .max(KEY_SCOPE_NAMES.length)
    .refine((s) => new Set(s).size === s.length, "must not repeat a scope"),
});

/** `key` is shown once: only its hash is stored, it cannot be shown again. */
export type CreateKeyOutput = { key: string; item: ApiKeyItem };
