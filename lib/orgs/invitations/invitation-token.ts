/** Invitation tokens: 32 random bytes in the link, only their SHA-256 in the database. */
import { createHash, randomBytes } from "node:crypto";

export function newInvitationToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashInvitationToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function invitationLink({ baseUrl, token }: { baseUrl: string; token: string }): string {
  return `${baseUrl.replace(/\/+$/, "")}/invite/${token}`;
}

/** "ada@example.com" → "a••@example.com": enough to recognise an address, not to harvest it. */
export function maskEmail(email: string): string {
  const [local, domain] = email.split("@");
  if (!domain) return "•••";
  return `${local.slice(0, 1)}${"•".repeat(Math.max(2, Math.min(local.length - 1, 6)))}@${domain}`;
}
