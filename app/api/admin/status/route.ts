// GET /api/admin/status – operator: availability and latency per model and channel over the last 24 hours
import { getServiceStatus } from "@/lib/admin/service-status";
import { withSession } from "@/lib/auth/guards";

export const dynamic = "force-dynamic";

export const GET = withSession(async () => Response.json({ status: await getServiceStatus() }, { headers: { "cache-control": "no-store" } }), { operatorOnly: true });
