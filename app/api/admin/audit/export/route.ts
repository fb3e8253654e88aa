// GET /api/admin/audit/export – operator: the filtered audit log as CSV, streamed in constant memory (any size)
import { auditCsvStream, auditFilterSchema } from "@/lib/admin/audit-log";
import { withSession } from "@/lib/auth/guards";

export const dynamic = "force-dynamic";

export const GET = withSession(
  async ({ req }) => {
    const filter = auditFilterSchema.parse(Object.fromEntries(new URL(req.url).searchParams));
    const name = `switchyard-audit-${new Date().toISOString().slice(0, 10)}.csv`;
    return new Response(auditCsvStream(filter), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${name}"`,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      },
    });
  },
  { operatorOnly: true },
);
