/**
 * The members of an organization with their role, monthly allowance and what they have used of it this month
 * (spent, and held by requests in flight), as the members page shows them.
 */
import "server-only";
import { utcMonth } from "../billing/hold-types";
import { sql } from "../db";
import type { OrgRole } from "./roles";

export type MemberSummary = {
  membershipId: string;
  userId: string;
  email: string;
  name: string | null;
  role: OrgRole;
  /** micro-units as strings; allowance "0" = no cap */
  monthlyAllowance: string;
  spentThisMonth: string;
  heldThisMonth: string;
  activeKeys: number;
  joinedAt: string;
};

type Row = {
  membership_id: string;
  user_id: string;
  email: string;
  name: string | null;
  role: OrgRole;
  monthly_allowance: bigint;
  spent: bigint | null;
  held: bigint | null;
  active_keys: bigint;
  created_at: Date;
};

const ROLE_ORDER = `case m.role when 'owner' then 0 when 'admin' then 1 when 'billing' then 2 else 3 end`;

function toSummary(row: Row): MemberSummary {
  return {
    membershipId: row.membership_id,
    userId: row.user_id,
    email: row.email,
    name: row.name,
    role: row.role,
    monthlyAllowance: row.monthly_allowance.toString(),
    spentThisMonth: (row.spent ?? 0n).toString(),
    heldThisMonth: (row.held ?? 0n).toString(),
    activeKeys: Number(row.active_keys),
    joinedAt: row.created_at.toISOString(),
  };
}

const SELECT = `select m.id as membership_id, m.user_id, u.email, u.name, m.role, m.monthly_allowance, a.spent, a.held, m.created_at,
         (select count(*) from api_keys k where k.org_id = m.org_id and k.user_id = m.user_id and k.deleted_at is null and k.is_enabled)::bigint as active_keys
    from memberships m
    join users u on u.id = m.user_id
    left join allowance_usage a on a.membership_id = m.id and a.month = $2`;

export async function listMembers({ orgId, now = new Date() }: { orgId: string; now?: Date }): Promise<MemberSummary[]> {
  const { rows } = await sql<Row>(`${SELECT} where m.org_id = $1 and m.removed_at is null order by ${ROLE_ORDER}, lower(u.email)`, [orgId, utcMonth(now)]);
  return rows.map(toSummary);
}

/** One member of this organization (removed or other organizations' memberships are null). */
export async function findMember({ orgId, membershipId, now = new Date() }: { orgId: string; membershipId: string; now?: Date }): Promise<MemberSummary | null> {
  const { rows } = await sql<Row>(`${SELECT} where m.org_id = $1 and m.id = $3 and m.removed_at is null`, [orgId, utcMonth(now), membershipId]);
  return rows[0] ? toSummary(rows[0]) : null;
}
