import { ACT_AS_USERS_SCOPE } from "../events/actor-policy";

/** What a new API key may do unless told otherwise (the api_keys.scopes column's default too). */
export const DEFAULT_KEY_SCOPES: readonly string[] = ["read", "append", "loops:write"];

/** Every scope a key can carry; acting as users is for imports of history and is never a default. */
export const KEY_SCOPES: readonly string[] = [...DEFAULT_KEY_SCOPES, ACT_AS_USERS_SCOPE];

/** `read,append,act_as_users` → the scopes, or the one line saying what is wrong. */
export function parseScopes(text: string): { scopes: string[] } | { error: string } {
  const scopes = [...new Set(text.split(",").map((s) => s.trim()).filter(Boolean))];
  const unknown = scopes.filter((s) => !KEY_SCOPES.includes(s));
  if (scopes.length === 0 || unknown.length > 0) {
    return { error: `--scopes must be a comma-separated list of ${KEY_SCOPES.join(", ")}${unknown.length ? ` (unknown: ${unknown.join(", ")})` : ""}` };
  }
  return { scopes };
}
