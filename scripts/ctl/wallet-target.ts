/**
 * The wallet a money command acts on: an account's (--email) or an organization's (--org SLUG, a deleted one too:
 * its remaining balance is the operator's to settle). balance and credit:add share the flags and the lookup.
 */
import { findOrganizationBySlug } from "../../lib/orgs/find-organization";
import { findUserByEmail } from "./find-user";
import { text } from "./flag-types";

export const walletTargetFlags = {
  email: text("the account's email").optional(),
  org: text("the organization's slug (its shared wallet; deleted ones too)").optional(),
};

/** Exactly one of --email and --org: `.refine(hasOneWalletTarget, ONE_WALLET_TARGET)` on a command's flags. */
export const hasOneWalletTarget = (flags: { email?: string; org?: string }) => (flags.email === undefined) !== (flags.org === undefined);
export const ONE_WALLET_TARGET = { message: "give either --email or --org", path: ["email"] };

export type WalletTarget = { owner: { userId: string } | { orgId: string }; type: "user" | "organization"; id: string; label: string; orgId: string | null };

export async function findWalletTarget({ email, org }: { email?: string; org?: string }): Promise<WalletTarget> {
  if (org !== undefined) {
    const found = await findOrganizationBySlug(org, { includeDeleted: true });
    return { owner: { orgId: found.id }, type: "organization", id: found.id, label: found.isDeleted ? `${found.name} (deleted)` : found.name, orgId: found.id };
  }
  const user = await findUserByEmail(email ?? "");
  return { owner: { userId: user.id }, type: "user", id: user.id, label: user.email, orgId: null };
}

