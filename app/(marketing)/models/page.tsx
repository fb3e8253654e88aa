import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PublicShell } from "@/components/marketing/public-shell";
import { getCurrentSession } from "@/lib/auth/current-session";
import { listModelPrices } from "@/lib/usage/list-model-prices";
import { ModelsPageClient } from "./page-client";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("models");
  return { title: t("title"), description: t("description") };
}

// GET /models – public models & pricing (the customer's own prices when signed in)
export default async function ModelsPage() {
  const session = await getCurrentSession();
  const list = await listModelPrices({ userId: session?.user.id ?? null });
  return (
    <PublicShell isSignedIn={session !== null}>
      <ModelsPageClient list={list} isSignedIn={session !== null} />
    </PublicShell>
  );
}
