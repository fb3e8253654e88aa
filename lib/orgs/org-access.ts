/**
 * Who someone is inside an organization. `requireOrgAccess` is the single check behind every org-scoped route,
 * page and operation: someone who is not an active member of a live organization gets "not found" (so ids of other
 * organizations reveal nothing), a member whose role lacks the permission gets "forbidden".
 */
import "server-only";
import { sql } from "../db";
import { AppError } from "../errors";
import { isUuid } from "../keys/owned-key";
import { orgErrors } from "./org-errors";
import { can, type OrgPermission } from "./permissions";
import type { OrgRole } from "./roles";

export type OrgAccess = {
  orgId: string;
  orgName: string;
  orgSlug: string;
  userId: string;
  membershipId: string;
  role: OrgRole;
  /** micro-units, 0 = no cap */
  monthlyAllowance: bigint;
};

type Row = { org_id: string; name: string; slug: string; membership_id: string; role: OrgRole; monthly_allowance: bigint };

/** The active membership of a user in a live organization, or null. */
export async function findOrgAccess({ orgId, userId }: { orgId: string; userId: string }): Promise<OrgAccess | null> {
  if (!isUuid(orgId)) return null;
  const { rows } = await sql<Row>(
    `select o.id as org_id, o.name, o.slug, m.id as membership_id, m.role, m.monthly_allowance
       from memberships m join organizations o on o.id = m.org_id
      where m.org_id = $1 and m.user_id = $2 and m.removed_at is null and o.deleted_at is null`,
    [orgId, userId],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    orgId: row.org_id,
    orgName: row.name,
    orgSlug: row.slug,
    userId,
    membershipId: row.membership_id,
    role: row.role,
    monthlyAllowance: row.monthly_allowance,
  };
}

/** The caller's access to an organization with the permission checked: not_found for outsiders, forbidden for roles without it. */
export async function requireOrgAccess({
  orgId,
  userId,
  permission,
  locale,
}: {
  orgId: string;
  userId: string;
  permission: OrgPermission;
  locale?: string | null;
}): Promise<OrgAccess> {
  const t = orgErrors(locale);
  const access = await findOrgAccess({ orgId, userId });
  if (!access) throw new AppError("not_found", t("orgNotFound"));
  if (!can(access.role, permission)) throw new AppError("forbidden", t("roleCannot", { role: access.role }));
  return access;
}
