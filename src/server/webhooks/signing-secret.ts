import { randomBytes } from "node:crypto";

const PREFIX = "whsec_";

/** A new endpoint signing secret as Standard Webhooks writes it: `whsec_` + base64 of 32 random bytes. */
export function newSigningSecret(): string {
  return PREFIX + randomBytes(32).toString("base64");
}

/** The HMAC key a secret stands for: the bytes its base64 part decodes to. */
export function secretKeyBytes(secret: string): Buffer {
  return Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, "base64");
}
