// POST /api/orgs/context – select the console context ({ "orgId": uuid | null }); only an organization you belong to
import { withSession } from "@/lib/auth/guards";
import { AppError } from "@/lib/errors";
import { readJson } from "@/lib/http/read-json";
import { contextCookie, resolveConsoleContext } from "@/lib/orgs/console-scope";
import { orgErrors } from "@/lib/orgs/org-errors";
import { orgSchemas } from "@/lib/orgs/schemas";

export const POST = withSession(async ({ req, session, locale }) => {
  const { orgId } = orgSchemas(locale).switchContext.parse(await readJson(req));
  const context = await resolveConsoleContext({ userId: session.user.id, orgId });
  if (orgId && context.kind !== "org") throw new AppError("not_found", orgErrors(locale)("orgNotFound"));
  const cookie = contextCookie({ orgId: context.kind === "org" ? context.access.orgId : null, isSecure: new URL(req.url).protocol === "https:" });
  return Response.json({ orgId: context.kind === "org" ? context.access.orgId : null }, { headers: { "set-cookie": cookie } });
});
