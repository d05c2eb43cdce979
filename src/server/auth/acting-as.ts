import type { Actor } from "~/domain/events";
import type { Appender } from "../events/append";
import type { Caller } from "./credentials";

/** The actor a command (loops.dismiss, loops.resolve…) is recorded under: the signed-in user, or the API key as a system actor. */
export const commandActor = (caller: Caller): Actor =>
  caller.kind === "session" ? caller.actor : { id: caller.keyId, type: "system" };

/**
 * Who appends events: with a session the user is the actor, whatever the body says; with an API key
 * the body names it, within the key's scopes (src/server/events/actor-policy.ts).
 */
export const appenderOf = (caller: Caller): Appender => ({
  orgId: caller.orgId,
  sessionActor: caller.kind === "session" ? caller.actor : undefined,
  apiKeyId: caller.kind === "apiKey" ? caller.keyId : undefined,
});
