/** Tokens of e-mailed links (verification, password reset): 32 random bytes in the link, only their SHA-256 stored. */
import { createHash, randomBytes } from "node:crypto";

export function newLinkToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashLinkToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}
