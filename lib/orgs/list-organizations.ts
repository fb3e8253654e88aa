/** The organizations a user belongs to (for the context switcher and the organizations page). */
import "server-only";
import { sql } from "../db";
import type { OrgRole } from "./roles";

export type OrganizationSummary = { id: string; name: string; slug: string; role: OrgRole; memberCount: number };

export async function listOrganizations({ userId }: { userId: string }): Promise<OrganizationSummary[]> {
  const { rows } = await sql<{ id: string; name: string; slug: string; role: OrgRole; member_count: bigint }>(
    `select o.id, o.name, o.slug, m.role,
            (select count(*) from memberships x where x.org_id = o.id and x.removed_at is null)::bigint as member_count
       from memberships m join organizations o on o.id = m.org_id
      where m.user_id = $1 and m.removed_at is null and o.deleted_at is null
      order by lower(o.name), o.id`,
    [userId],
  );
  return rows.map((row) => ({ id: row.id, name: row.name, slug: row.slug, role: row.role, memberCount: Number(row.member_count) }));
}
