/**
 * The guard every organization page starts with: the signed-in user's current context must be an organization and
 * their role must have the permission; otherwise the page says why (personal context: pick an organization).
 */
import "server-only";
import { requireSession } from "@/lib/auth/guards";
import type { CurrentSession } from "@/lib/auth/current-session";
import { currentConsoleContext } from "@/lib/orgs/console-scope";
import type { OrgAccess } from "@/lib/orgs/org-access";
import { can, type OrgPermission } from "@/lib/orgs/permissions";

export type OrgPageAccess =
  | { kind: "ok"; session: CurrentSession; access: OrgAccess }
  | { kind: "personal"; session: CurrentSession }
  | { kind: "refused"; session: CurrentSession; access: OrgAccess };

export async function orgPageAccess({ permission, returnTo }: { permission: OrgPermission; returnTo: string }): Promise<OrgPageAccess> {
  const session = await requireSession({ returnTo });
  const context = await currentConsoleContext(session.user.id);
  if (context.kind === "personal") return { kind: "personal", session };
  if (!can(context.access.role, permission)) return { kind: "refused", session, access: context.access };
  return { kind: "ok", session, access: context.access };
}
