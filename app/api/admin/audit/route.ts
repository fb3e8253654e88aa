// GET /api/admin/audit – operator: the audit log, filtered (?area=&action=&actor=&target=&from=&to=), keyset pages (?before=)
import { auditFilterSchema, listAuditLog } from "@/lib/admin/audit-log";
import { withSession } from "@/lib/auth/guards";

export const dynamic = "force-dynamic";

export const GET = withSession(
  async ({ req }) => {
    const filter = auditFilterSchema.parse(Object.fromEntries(new URL(req.url).searchParams));
    return Response.json(await listAuditLog(filter), { headers: { "cache-control": "no-store" } });
  },
  { operatorOnly: true },
);
