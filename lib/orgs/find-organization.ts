/** A live organization by its slug (the CLI's --org), or a clear "no such organization" error. */
import "server-only";
import { sql } from "../db";
import { AppError } from "../errors";

export async function findOrganizationBySlug(slug: string): Promise<{ id: string; name: string; slug: string }> {
  const { rows } = await sql<{ id: string; name: string; slug: string }>(`select id, name, slug from organizations where slug = $1 and deleted_at is null`, [slug.trim().toLowerCase()]);
  if (!rows[0]) throw new AppError("not_found", `No organization has the slug ${slug.trim().toLowerCase()}.`);
  return rows[0];
}
