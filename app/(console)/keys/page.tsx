import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireSession } from "@/lib/auth/guards";
import { listPricedModels } from "@/lib/billing/pricing";
import { siteOrigin } from "@/lib/http/site-origin";
import { listApiKeys } from "@/lib/keys/list-api-keys";
import { consoleContext } from "@/lib/usage/console-context";
import { KeysPageClient } from "./page-client";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("keys"))("title") };
}

export default async function KeysPage() {
  const { user } = await requireSession({ returnTo: "/keys" });
  const [keys, models, origin, context] = await Promise.all([listApiKeys({ userId: user.id }), listPricedModels(), siteOrigin(), consoleContext()]);
  return <KeysPageClient keys={keys} modelIds={models.map((model) => model.id)} origin={origin} {...context} />;
}
