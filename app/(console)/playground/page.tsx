import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getUserBalance } from "@/lib/account/get-user-balance";
import { requireSession } from "@/lib/auth/guards";
import { siteOrigin } from "@/lib/http/site-origin";
import { formatUsd } from "@/lib/money";
import { currentConsoleContext } from "@/lib/orgs/console-scope";
import { listModelPrices } from "@/lib/usage/list-model-prices";
import { PlaygroundPageClient } from "./page-client";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("playground"))("title") };
}

// GET /playground – chat with any chat model through the relay on the customer's own balance, or compare up to 4
export default async function PlaygroundPage() {
  const { user } = await requireSession({ returnTo: "/playground" });
  const [list, balance, origin, context] = await Promise.all([listModelPrices({ userId: user.id }), getUserBalance(user.id), siteOrigin(), currentConsoleContext(user.id)]);
  const models = list.models.filter((model) => model.kind === "chat").map((model) => ({ id: model.id, label: model.displayName ? `${model.displayName} (${model.id})` : model.id }));
  // the playground always bills its user's personal balance: in an organization's context (whose balance the top bar
  // shows) it says so
  const personalNotice = context.kind === "org" ? { orgName: context.access.orgName, balance: formatUsd(balance.available) } : null;
  return <PlaygroundPageClient models={models} origin={origin} hasBalance={balance.available > 0n} personalNotice={personalNotice} />;
}
