/**
 * An invitation e-mailed to one address proves that mailbox: whoever opens it and signs up with exactly that
 * address needs no second link. Shareable links (no address) prove nothing.
 */
import "server-only";
import { z } from "zod";
import { prisma } from "../db";
import { hashInvitationToken } from "../orgs/invitations/invitation-token";
import { invitationStatus } from "../orgs/invitations/invitation-status";

const INVITATION_FIELD = z.object({ invitation: z.string().min(1).max(200).optional() });

/** The invitation token a sign-up came with, if any (the invite page sends it). */
export function invitationTokenOf(input: unknown): string | undefined {
  const parsed = INVITATION_FIELD.safeParse(input);
  return parsed.success ? parsed.data.invitation : undefined;
}

export async function isInvitedAddress({ invitationToken, email }: { invitationToken: string | undefined; email: string }): Promise<boolean> {
  if (!invitationToken) return false;
  const invitation = await prisma().invitation.findUnique({
    where: { tokenHash: hashInvitationToken(invitationToken) },
    select: { email: true, revokedAt: true, expiresAt: true, uses: true, maxUses: true },
  });
  if (!invitation?.email || invitation.email.toLowerCase() !== email) return false;
  return invitationStatus(invitation) === "pending";
}

/**
 * Where the confirmation link should bring a new account back to: the invitation it signed up from, while that is
 * still pending (a shareable link, or one e-mailed to another address, needs the mailbox confirmed first).
 */
export async function invitationReturnPath(invitationToken: string | undefined): Promise<string | undefined> {
  if (!invitationToken || !/^[A-Za-z0-9_-]{1,200}$/.test(invitationToken)) return undefined;
  const invitation = await prisma().invitation.findUnique({
    where: { tokenHash: hashInvitationToken(invitationToken) },
    select: { revokedAt: true, expiresAt: true, uses: true, maxUses: true },
  });
  return invitation && invitationStatus(invitation) === "pending" ? `/invite/${invitationToken}` : undefined;
}
