/** The state of an invitation, derived from its columns (nothing stores it). */
export type InvitationStatus = "pending" | "expired" | "revoked" | "used";

export function invitationStatus({ revokedAt, expiresAt, uses, maxUses, now = new Date() }: { revokedAt: Date | null; expiresAt: Date; uses: number; maxUses: number; now?: Date }): InvitationStatus {
  if (revokedAt) return "revoked";
  if (uses >= maxUses) return "used";
  if (expiresAt.getTime() <= now.getTime()) return "expired";
  return "pending";
}
