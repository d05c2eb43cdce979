import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { env } from "~/env";
import { AppError } from "../errors";

/**
 * Endpoint signing secrets at rest: AES-256-GCM under a key derived (HKDF-SHA256) from
 * WEBHOOK_SECRET_KEY. A copy of the database alone then signs nothing; the key lives in the
 * environment like SESSION_SECRET. Stored as `v1.<base64 of iv | tag | ciphertext>`.
 */
const VERSION = "v1";

function keyFrom(material: string): Buffer {
  return Buffer.from(hkdfSync("sha256", Buffer.from(material, "utf8"), Buffer.alloc(0), "calm webhook signing secrets v1", 32));
}

function configuredKey(material: string | undefined): Buffer {
  if (!material) {
    throw new AppError("webhook_secret_key_missing", "webhook secrets cannot be stored: set WEBHOOK_SECRET_KEY (npm start writes a random one into .env)");
  }
  return keyFrom(material);
}

export function sealSecret(secret: string, material = env.WEBHOOK_SECRET_KEY): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", configuredKey(material), iv);
  const ct = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), ct]).toString("base64")}`;
}

/** The secret, or an Error naming the cause (another WEBHOOK_SECRET_KEY, a damaged value). */
export function openSecret(sealed: string, material = env.WEBHOOK_SECRET_KEY): string {
  const [version, body] = sealed.split(".", 2);
  if (version !== VERSION || !body) throw new Error("unreadable webhook secret (unknown format)");
  const raw = Buffer.from(body, "base64");
  const decipher = createDecipheriv("aes-256-gcm", configuredKey(material), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  try {
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    throw new Error("unreadable webhook secret: WEBHOOK_SECRET_KEY is not the one it was stored with (rotate the endpoint's secret)");
  }
}
