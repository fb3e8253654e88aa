// GET /api/orgs/:orgId/usage/export?member=<userId> – one member's requests in the organization as CSV (admins: anyone; members: themselves)
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { can } from "@/lib/orgs/permissions";
import { orgErrors } from "@/lib/orgs/org-errors";
import { withOrg } from "@/lib/orgs/with-org";
import { csvFileName, requestLogCsvStream } from "@/lib/usage/export-request-logs-csv";
import { parseLogQuery } from "@/lib/usage/log-query";

export const dynamic = "force-dynamic";

const memberSchema = z.uuid();

export const GET = withOrg(
  async ({ req, access, locale }) => {
    const params = new URL(req.url).searchParams;
    const member = memberSchema.safeParse(params.get("member") ?? access.userId);
    if (!member.success) throw new AppError("not_found", orgErrors(locale)("memberNotFound"));
    // Someone else's requests need usage.all; a member may always download their own.
    if (member.data !== access.userId && !can(access.role, "usage.all")) throw new AppError("forbidden", orgErrors(locale)("roleCannot", { role: access.role }));
    params.delete("member");
    const { filters, sort } = parseLogQuery(params);
    return new Response(requestLogCsvStream({ scope: { kind: "org", orgId: access.orgId, userId: member.data }, filters, sort }), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${csvFileName().replace(/\.csv$/, `-${access.orgSlug}-${member.data.slice(0, 8)}.csv`)}"`,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      },
    });
  },
  { permission: "usage.own" },
);
