/**
 * Audit rows of organization changes, written in the same database transaction as the change, and the org's
 * audit log as its owner and admins read it.
 */
import "server-only";
import type pg from "pg";
import type { AuditActor } from "../audit/record-audit";
import { sql } from "../db";

export async function auditOrgWithin(
  client: pg.PoolClient,
  {
    actor,
    orgId,
    action,
    targetType,
    targetId,
    details,
  }: { actor: AuditActor; orgId: string; action: string; targetType: string; targetId: string | null; details?: Record<string, unknown> },
): Promise<void> {
  const json = details ? JSON.stringify(details, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value)) : null;
  await sql(
    `insert into audit_logs (actor_kind, actor_id, ip, action, target_type, target_id, org_id, details)
     values ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)`,
    [actor.kind, actor.id ?? null, actor.ip ?? null, action, targetType, targetId, orgId, json],
    client,
  );
}

export type OrgAuditEntry = {
  id: string;
  at: string;
  action: string;
  actorEmail: string | null;
  actorName: string | null;
  targetType: string;
  targetId: string | null;
  /** who or what the target is, when it can be named (a member's email, a key's name) */
  targetLabel: string | null;
  details: Record<string, unknown>;
};

export const ORG_AUDIT_PAGE_SIZE = 50;

/** Newest first, keyset by id. `before` is the id of the last row of the previous page. */
export async function listOrgAudit({ orgId, before = null, limit = ORG_AUDIT_PAGE_SIZE }: { orgId: string; before?: string | null; limit?: number }): Promise<{ entries: OrgAuditEntry[]; nextBefore: string | null }> {
  const { rows } = await sql<{
    id: bigint;
    created_at: Date;
    action: string;
    actor_email: string | null;
    actor_name: string | null;
    target_type: string;
    target_id: string | null;
    target_label: string | null;
    details: Record<string, unknown> | null;
  }>(
    `select a.id, a.created_at, a.action, u.email as actor_email, u.name as actor_name, a.target_type, a.target_id,
            coalesce(tu.email, k.name, i.email) as target_label, a.details
       from audit_logs a
       left join users u on u.id = a.actor_id
       left join memberships m on a.target_type = 'membership' and m.id::text = a.target_id
       left join users tu on tu.id = m.user_id
       left join api_keys k on a.target_type = 'api_key' and k.id::text = a.target_id
       left join invitations i on a.target_type = 'invitation' and i.id::text = a.target_id
      where a.org_id = $1 and ($2::bigint is null or a.id < $2::bigint)
      order by a.id desc
      limit $3`,
    [orgId, before, limit + 1],
  );
  const page = rows.slice(0, limit);
  return {
    entries: page.map((row) => ({
      id: row.id.toString(),
      at: row.created_at.toISOString(),
      action: row.action,
      actorEmail: row.actor_email,
      actorName: row.actor_name,
      targetType: row.target_type,
      targetId: row.target_id,
      targetLabel: row.target_label,
      details: row.details ?? {},
    })),
    nextBefore: rows.length > limit ? page[page.length - 1].id.toString() : null,
  };
}
