// GET /api/usage/series?period=day|week|month – spend and tokens over time, by key and by model (from rollups)
import { z } from "zod";
import { withSession } from "@/lib/auth/guards";
import { requestDataScope } from "@/lib/orgs/console-scope";
import { GRANULARITIES, getUsageSeries } from "@/lib/usage/get-usage-series";
import { resolveTimeZone, TIME_ZONE_COOKIE } from "@/lib/usage/time-zone";

const querySchema = z.object({ period: z.enum(GRANULARITIES).default("day"), tz: z.string().max(64).optional() });

export const GET = withSession(async ({ req, session, locale }) => {
  const url = new URL(req.url);
  const { period, tz } = querySchema.parse(Object.fromEntries(url.searchParams));
  const cookieTz = req.headers.get("cookie")?.match(new RegExp(`(?:^|;\\s*)${TIME_ZONE_COOKIE}=([^;]+)`))?.[1];
  const timeZone = resolveTimeZone(tz ?? (cookieTz ? decodeURIComponent(cookieTz) : undefined));
  const scope = await requestDataScope({ req, userId: session.user.id, area: "usage", locale });
  return Response.json(await getUsageSeries({ scope, granularity: period, timeZone }));
});
