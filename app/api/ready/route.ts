import { checkReadiness } from "@/lib/health/readiness";

export const dynamic = "force-dynamic";

// GET /api/ready – readiness: database reachable, migrations applied, Redis reachable when configured
export async function GET(): Promise<Response> {
  const readiness = await checkReadiness();
  return Response.json(readiness, { status: readiness.isReady ? 200 : 503, headers: { "cache-control": "no-store" } });
}
