import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getRevenue } from "@/lib/admin/revenue";
import { revenueQuerySchema } from "@/lib/admin/schemas";
import { requireOperator } from "@/lib/auth/guards";
import { consoleContext } from "@/lib/usage/console-context";
import { RevenuePageClient } from "./page-client";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin-revenue"))("title") };
}

export const dynamic = "force-dynamic";

// GET /admin/revenue – what customers paid vs what upstreams cost, and the margin, per day, model, channel, customer
export default async function RevenuePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireOperator();
  const { days } = revenueQuerySchema.parse({ days: (await searchParams).days });
  const [report, context] = await Promise.all([getRevenue({ days }), consoleContext()]);
  return <RevenuePageClient report={report} {...context} />;
}
