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
function invitationTokenOf(input: unknown): string | undefined {
  const parsed = INVITATION_FIELD.safeParse(input);
  return parsed.success ? parsed.data.invitation : undefined;
}

/**
 * The pending invitation a sign-up came with (the invite page sends its token), read once: `email` is the address it
 * was e-mailed to (null for a shareable link), `returnPath` the page the confirmation link brings the new account
 * back to when the mailbox still needs proving (a shareable link, or another address than the invited one).
 */
export async function pendingInvitationOf(input: unknown): Promise<{ email: string | null; returnPath: string } | null> {
  const token = invitationTokenOf(input);
  if (!token || !/^[A-Za-z0-9_-]+$/.test(token)) return null;
  const invitation = await prisma().invitation.findUnique({
    where: { tokenHash: hashInvitationToken(token) },
    select: { email: true, revokedAt: true, expiresAt: true, uses: true, maxUses: true },
  });
  if (!invitation || invitationStatus(invitation) !== "pending") return null;
  return { email: invitation.email?.toLowerCase() ?? null, returnPath: `/invite/${token}` };
}
