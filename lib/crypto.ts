/**
 * Encryption of upstream secrets at rest: AES-256-GCM with a key derived (HKDF-SHA256) from the app secret.
 * A ciphertext reads `v1.<iv>.<tag>.<data>` (base64url), so a future key or algorithm can be told apart.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { appSecret } from "./app-secret";
import { singleton } from "./singleton";

const VERSION = "v1";

function secretKey(): Buffer {
  return singleton("crypto.secret-key", () =>
    Buffer.from(hkdfSync("sha256", appSecret(), "switchyard", "upstream-secrets", 32)),
  );
}

export function encryptSecret(plain: string, key: Buffer = secretKey()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString("base64url"), tag.toString("base64url"), data.toString("base64url")].join(".");
}

/** Throws when the ciphertext was tampered with or made with another key. */
export function decryptSecret(text: string, key: Buffer = secretKey()): string {
  const [version, iv, tag, data] = text.split(".");
  if (version !== VERSION || !iv || !tag || data === undefined) throw new Error("not an encrypted secret");
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
}

/** How a secret is shown after saving: its last four characters. */
export function secretHint(plain: string): string {
  return `…${plain.slice(-4)}`;
}
