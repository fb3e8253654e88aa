/**
 * The guard of every org-scoped route handler (`/api/orgs/[orgId]/…`): a session (withSession: CSRF, error
 * mapping), then the caller's membership and the permission from lib/orgs/permissions.ts.
 *
 * `export const GET = withOrg(async ({ access, req }) => …, { permission: "members.view" })`
 */
import "server-only";
import { withSession, type SessionHandlerArgs } from "../auth/guards";
import type { AuditActor } from "../audit/record-audit";
import { clientIpFromHeaders } from "../net/client-ip";
import { requireOrgAccess, type OrgAccess } from "./org-access";
import type { OrgPermission } from "./permissions";

type OrgParams = { orgId: string } & Record<string, string | string[] | undefined>;

export type OrgHandlerArgs<P extends OrgParams> = SessionHandlerArgs<P> & { access: OrgAccess; actor: AuditActor };

export function withOrg<P extends OrgParams = { orgId: string }>(
  handler: (args: OrgHandlerArgs<P>) => Promise<Response> | Response,
  { permission }: { permission: OrgPermission },
) {
  return withSession<P>(async (args) => {
    const access = await requireOrgAccess({ orgId: args.params.orgId, userId: args.session.user.id, permission, locale: args.locale });
    const actor: AuditActor = { kind: "user", id: args.session.user.id, ip: clientIpFromHeaders(args.req.headers) };
    return handler({ ...args, access, actor });
  });
}
