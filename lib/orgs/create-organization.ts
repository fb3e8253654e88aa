/**
 * Create an organization: the creator becomes its owner (no allowance cap) and the organization gets its wallet.
 */
import "server-only";
import { randomBytes } from "node:crypto";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { walletId } from "../billing/accounts";
import { inTransaction } from "../billing/ledger";
import { fromZodError } from "../errors";
import { orgSchemas } from "./schemas";

export type CreatedOrganization = { id: string; name: string; slug: string; membershipId: string };

/** "Acme Research, Inc." → "acme-research-inc" (ASCII only; empty for names without any). */
export function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
}

export async function createOrganization({
  userId,
  input,
  actor,
  locale,
}: {
  userId: string;
  input: unknown;
  actor: AuditActor;
  locale?: string | null;
}): Promise<CreatedOrganization> {
  const parsed = orgSchemas(locale).createOrg.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  const { name } = parsed.data;
  const base = slugify(name) || "org";
  // The slug is unique; a random suffix keeps two "Acme" organizations apart without a retry loop.
  const slug = `${base}-${randomBytes(3).toString("hex")}`;
  const created = await inTransaction(async (client) => {
    const { rows: orgRows } = await client.query<{ id: string }>(`insert into organizations (name, slug) values ($1, $2) returning id`, [name, slug]);
    const orgId = orgRows[0].id;
    const { rows: memberRows } = await client.query<{ id: string }>(
      `insert into memberships (org_id, user_id, role) values ($1, $2, 'owner') returning id`,
      [orgId, userId],
    );
    return { id: orgId, name, slug, membershipId: memberRows[0].id };
  });
  await walletId({ orgId: created.id });
  await recordAudit({ actor, action: "org.create", targetType: "organization", targetId: created.id, orgId: created.id, details: { name } });
  return created;
}
