/**
 * API key secrets: `sk-` + 48 base62 characters (≈285 bits). Only the SHA-256 is stored; the prefix and the last
 * four characters are kept to recognise a key (`sk-…abcd`).
 */
import { createHash, randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const BODY_LENGTH = 48;
export const KEY_PATTERN = /^sk-[0-9A-Za-z]{48}$/;

export function generateSecret(): string {
  let body = "";
  while (body.length < BODY_LENGTH) {
    for (const byte of randomBytes(64)) {
      if (byte < 248 && body.length < BODY_LENGTH) body += ALPHABET[byte % 62]; // 248 = 4·62: no modulo bias
    }
  }
  return `sk-${body}`;
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function describeSecret(secret: string): { prefix: string; last4: string } {
  return { prefix: secret.slice(0, 3), last4: secret.slice(-4) };
}

/** How a key is shown once created: `sk-…abcd`. */
export function maskedKey({ prefix, last4 }: { prefix: string; last4: string }): string {
  return `${prefix}…${last4}`;
}
