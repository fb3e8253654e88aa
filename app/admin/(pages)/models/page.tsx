import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getTrialCredit, listCatalog, listCustomerGroups } from "@/lib/admin/catalog";
import { requireOperator } from "@/lib/auth/guards";
import { consoleContext } from "@/lib/usage/console-context";
import { ModelsPageClient } from "./page-client";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin-models"))("title") };
}

export const dynamic = "force-dynamic";

// GET /admin/models – the model catalog with prices and their history, customer groups, and the trial credit
export default async function ModelsPage() {
  await requireOperator();
  const [models, groups, trialCredit, context] = await Promise.all([listCatalog(), listCustomerGroups(), getTrialCredit(), consoleContext()]);
  return <ModelsPageClient models={models} groups={groups} trialCredit={trialCredit.toString()} {...context} />;
}
