import { timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";
import { metrics } from "@/lib/metrics";

export const dynamic = "force-dynamic";

function isAuthorized(request: Request): boolean {
  const token = env().METRICS_TOKEN;
  if (!token) return true;
  const presented = request.headers.get("authorization")?.replace(/^Bearer\s+/i, "") ?? "";
  const a = Buffer.from(presented);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

// GET /api/metrics – Prometheus metrics (bearer METRICS_TOKEN when configured)
export async function GET(request: Request): Promise<Response> {
  if (!isAuthorized(request)) return Response.json({ error: { code: "unauthenticated", message: "Metrics need the bearer token" } }, { status: 401 });
  const { registry } = metrics();
  return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType, "cache-control": "no-store" } });
}
