import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { listCatalog } from "@/lib/admin/catalog";
import { listChannelsWithHealth } from "@/lib/admin/list-channels-with-health";
import { requireOperator } from "@/lib/auth/guards";
import { consoleContext } from "@/lib/usage/console-context";
import { ChannelsPageClient } from "./page-client";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin-channels"))("title") };
}

export const dynamic = "force-dynamic";

// GET /admin/channels – upstream channels with live health, today's traffic, create/edit, enable/disable and Test
export default async function ChannelsPage() {
  await requireOperator();
  const [channels, catalog, context] = await Promise.all([listChannelsWithHealth(), listCatalog(), consoleContext()]);
  return <ChannelsPageClient channels={channels} catalogModels={catalog.map((m) => m.id)} {...context} />;
}
