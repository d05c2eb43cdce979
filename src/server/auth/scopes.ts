import { ACT_AS_USERS_SCOPE } from "../events/actor-policy";

/** Every scope a key can carry: reads, appends, loop commands, and acting as users (imports of history). */
export const KEY_SCOPE_NAMES = ["read", "append", "loops:write", ACT_AS_USERS_SCOPE] as const;
export type KeyScope = (typeof KEY_SCOPE_NAMES)[number];

/** What a new API key may do unless told otherwise (the api_keys.scopes column's default too). */
export const DEFAULT_KEY_SCOPES: readonly KeyScope[] = ["read", "append", "loops:write"];

/** Every scope a key can carry; acting as users is for imports of history and is never a default. */
export const KEY_SCOPES: readonly string[] = KEY_SCOPE_NAMES;

/** The scopes a procedure can require of an API key (acting as users is checked per event: actor-policy.ts). */
export type ProcedureScope = Exclude<KeyScope, typeof ACT_AS_USERS_SCOPE>;

/** `read,append,act_as_users` → the scopes, or the one line saying what is wrong. */
export function parseScopes(text: string): { scopes: string[] } | { error: string } {
  const scopes = [...new Set(text.split(",").map((s) => s.trim()).filter(Boolean))];
  const unknown = scopes.filter((s) => !KEY_SCOPES.includes(s));
  if (scopes.length === 0 || unknown.length > 0) {
    return { error: `--scopes must be a comma-separated list of ${KEY_SCOPES.join(", ")}${unknown.length ? ` (unknown: ${unknown.join(", ")})` : ""}` };
  }
  return { scopes };
}
