/**
 * An organization by its slug (the CLI's --org), or a clear "no such organization" error. Live ones only, unless
 * `includeDeleted`: a deleted organization's wallet keeps its balance, and the operator settles it by its slug
 * (slugs are unique for good, so a deleted one is never confused with a new one).
 */
import "server-only";
import { sql } from "../db";
import { AppError } from "../errors";

export type FoundOrganization = { id: string; name: string; slug: string; isDeleted: boolean };

export async function findOrganizationBySlug(slug: string, { includeDeleted = false }: { includeDeleted?: boolean } = {}): Promise<FoundOrganization> {
  const wanted = slug.trim().toLowerCase();
  const { rows } = await sql<FoundOrganization>(
    `select id, name, slug, deleted_at is not null as "isDeleted" from organizations where slug = $1 and ($2 or deleted_at is null)`,
    [wanted, includeDeleted],
  );
  if (!rows[0]) throw new AppError("not_found", `No organization has the slug ${wanted}.`);
  return rows[0];
}
