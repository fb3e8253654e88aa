/**
 * The one permission table of organizations: what each role may do. Every org-scoped route, page and lib
 * operation asks `can(role, permission)` (through `withOrg` / `requireOrgAccess`); nothing checks role names
 * anywhere else.
 *
 * owner   — everything, including transferring ownership and deleting the organization
 * admin   — members, invitations, every key, allowances, top-ups, usage and the audit log
 * member  — their own keys (within their allowance) and their own usage
 * billing — top-ups and statements; no keys
 */
import type { OrgRole } from "./roles";

export const ORG_PERMISSIONS = {
  /** see the organization's name, your own role and allowance */
  "org.view": ["owner", "admin", "member", "billing"],
  "org.rename": ["owner", "admin"],
  "org.delete": ["owner"],
  "org.transfer": ["owner"],
  "members.view": ["owner", "admin"],
  /** change roles and allowances, remove members */
  "members.manage": ["owner", "admin"],
  "invitations.manage": ["owner", "admin"],
  /** create and manage one's own keys in the organization */
  "keys.own": ["owner", "admin", "member"],
  /** see every key of the organization, disable or enable any of them */
  "keys.all": ["owner", "admin"],
  "usage.own": ["owner", "admin", "member"],
  /** usage of every member: charts by member, key and model; CSV of anyone */
  "usage.all": ["owner", "admin"],
  /** the shared balance, top-up history and the statement */
  "billing.view": ["owner", "admin", "billing"],
  "billing.topup": ["owner", "admin", "billing"],
  "audit.view": ["owner", "admin"],
} as const satisfies Record<string, readonly OrgRole[]>;

export type OrgPermission = keyof typeof ORG_PERMISSIONS;

export const ALL_ORG_PERMISSIONS = Object.keys(ORG_PERMISSIONS) as OrgPermission[];

export function can(role: OrgRole, permission: OrgPermission): boolean {
  return (ORG_PERMISSIONS[permission] as readonly OrgRole[]).includes(role);
}

/** Every permission of a role, for the client (it hides what it cannot do; the server refuses it anyway). */
export function permissionsOf(role: OrgRole): OrgPermission[] {
  return ALL_ORG_PERMISSIONS.filter((permission) => can(role, permission));
}
