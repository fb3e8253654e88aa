/**
 * Rename or delete an organization. Deleting is soft (the ledger and usage history stay): the organization leaves
 * every member's switcher, its keys stop at once, pending invitations are revoked. Whatever balance remains stays in
 * the organization's wallet in the ledger, where an operator can still refund it.
 */
import "server-only";
import type { AuditActor } from "../audit/record-audit";
import { inTransaction } from "../billing/ledger";
import { sql } from "../db";
import { AppError, fromZodError } from "../errors";
import { invalidateKey } from "../keys/cache";
import type { OrgAccess } from "./org-access";
import { auditOrgWithin } from "./org-audit";
import { orgErrors } from "./org-errors";
import { disableOrgKeysWithin } from "./org-keys-cache";
import { orgSchemas } from "./schemas";

export async function renameOrganization({ access, input, actor, locale }: { access: OrgAccess; input: unknown; actor: AuditActor; locale?: string | null }): Promise<{ name: string }> {
  const parsed = orgSchemas(locale).renameOrg.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  const { name } = parsed.data;
  await inTransaction(async (client) => {
    await sql(`update organizations set name = $2 where id = $1 and deleted_at is null`, [access.orgId, name], client);
    await auditOrgWithin(client, { actor, orgId: access.orgId, action: "org.rename", targetType: "organization", targetId: access.orgId, details: { from: access.orgName, to: name } });
  });
  return { name };
}

export async function deleteOrganization({ access, input, actor, locale }: { access: OrgAccess; input: unknown; actor: AuditActor; locale?: string | null }): Promise<void> {
  const t = orgErrors(locale);
  const parsed = orgSchemas(locale).deleteOrg.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  if (parsed.data.confirmName.trim() !== access.orgName) throw new AppError("validation_failed", t("confirmNameMismatch"), { fieldErrors: { confirmName: t("confirmNameMismatch") } });
  const disabledIds = await inTransaction(async (client) => {
    const { rowCount } = await sql(`update organizations set deleted_at = now() where id = $1 and deleted_at is null`, [access.orgId], client);
    if (!rowCount) throw new AppError("not_found", t("orgNotFound"));
    const ids = await disableOrgKeysWithin(client, { orgId: access.orgId });
    await sql(`update invitations set revoked_at = now() where org_id = $1 and revoked_at is null`, [access.orgId], client);
    await auditOrgWithin(client, { actor, orgId: access.orgId, action: "org.delete", targetType: "organization", targetId: access.orgId, details: { name: access.orgName, keysDisabled: ids.length } });
    return ids;
  });
  for (const id of disabledIds) invalidateKey(id);
}
