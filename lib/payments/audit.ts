/**
 * Audit rows written inside a payment's own database transaction, so the record of a money step commits with
 * the step (a webhook retried after a failure never leaves a half-recorded story).
 */
import "server-only";
import type pg from "pg";
import type { AuditActor } from "../audit/record-audit";
import { sql } from "../db";

export async function auditWithin(
  client: pg.PoolClient,
  { actor, action, targetType, targetId, details }: { actor: AuditActor; action: string; targetType: string; targetId: string; details?: Record<string, unknown> },
): Promise<void> {
  const json = details ? JSON.stringify(details, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value)) : null;
  await sql(
    `insert into audit_logs (actor_kind, actor_id, ip, action, target_type, target_id, details) values ($1, $2, $3, $4, $5, $6, $7::jsonb)`,
    [actor.kind, actor.id ?? null, actor.ip ?? null, action, targetType, targetId, json],
    client,
  );
}

export const STRIPE_ACTOR: AuditActor = { kind: "system" };
