/**
 * The outbox as the operator reads it: newest first, keyset-paginated by (created_at, id).
 */
import "server-only";
import { prisma } from "../db";

export type OutboxEntry = {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  kind: string;
  status: string;
  error: string | null;
  createdAt: Date;
  sentAt: Date | null;
};

export const OUTBOX_PAGE_SIZE = 25;

export async function listOutbox({
  before,
  to,
  limit = OUTBOX_PAGE_SIZE,
}: {
  /** Cursor: the id of the last message of the previous page. */
  before?: string | null;
  /** Only messages to this address (exact, case-insensitive). */
  to?: string | null;
  limit?: number;
} = {}): Promise<{ entries: OutboxEntry[]; nextCursor: string | null }> {
  const take = Math.min(Math.max(limit, 1), 100);
  const cursorRow = before ? await prisma().outboxMessage.findUnique({ where: { id: before }, select: { id: true, createdAt: true } }) : null;
  const rows = await prisma().outboxMessage.findMany({
    where: {
      ...(to ? { to: { equals: to.trim(), mode: "insensitive" as const } } : {}),
      ...(cursorRow
        ? { OR: [{ createdAt: { lt: cursorRow.createdAt } }, { createdAt: cursorRow.createdAt, id: { lt: cursorRow.id } }] }
        : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: take + 1,
  });
  const entries = rows.slice(0, take);
  return { entries, nextCursor: rows.length > take ? entries[entries.length - 1].id : null };
}

/** The newest message to an address (the e2e test reads its reset link this way, as the operator would). */
export async function latestMessageTo({ to, kind }: { to: string; kind?: string }): Promise<OutboxEntry | null> {
  return prisma().outboxMessage.findFirst({
    where: { to: { equals: to.trim(), mode: "insensitive" }, ...(kind ? { kind } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
}
