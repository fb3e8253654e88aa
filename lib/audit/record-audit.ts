/**
 * The audit log: who changed what (money, permissions, keys, channels, prices, accounts) and when.
 */
import "server-only";
import { prisma } from "../db";

export type AuditActor = { kind: "user" | "operator" | "cli" | "system"; id?: string | null; ip?: string | null };

export async function recordAudit({
  actor,
  action,
  targetType,
  targetId,
  orgId,
  details,
}: {
  actor: AuditActor;
  action: string;
  targetType: string;
  targetId?: string | null;
  orgId?: string | null;
  details?: Record<string, unknown>;
}): Promise<void> {
  await prisma().auditLog.create({
    data: {
      actorKind: actor.kind,
      actorId: actor.id ?? null,
      ip: actor.ip ?? null,
      action,
      targetType,
      targetId: targetId ?? null,
      orgId: orgId ?? null,
      details: details ? JSON.parse(JSON.stringify(details, (_k, v) => (typeof v === "bigint" ? v.toString() : v))) : undefined,
    },
  });
}
