/**
 * The four roles a member of an organization can hold. Exactly one membership of an org is the owner; ownership
 * moves only by a transfer.
 */
export const ORG_ROLES = ["owner", "admin", "member", "billing"] as const;
export type OrgRole = (typeof ORG_ROLES)[number];

/** Roles an invitation or a role change may grant (ownership is transferred, never granted). */
export const ASSIGNABLE_ROLES = ["admin", "member", "billing"] as const;
export type AssignableRole = (typeof ASSIGNABLE_ROLES)[number];

export function isOrgRole(value: unknown): value is OrgRole {
  return typeof value === "string" && (ORG_ROLES as readonly string[]).includes(value);
}
