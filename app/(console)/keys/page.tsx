import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ContextNotice } from "@/components/orgs/context-notice";
import { requireSession } from "@/lib/auth/guards";
import { pageDataScope } from "@/lib/orgs/console-scope";
import { personalScope } from "@/lib/usage/data-scope";
import { listPricedModels } from "@/lib/billing/pricing";
import { listServedModelIds } from "@/lib/channels/list-served-models";
import { siteOrigin } from "@/lib/http/site-origin";
import { listApiKeys } from "@/lib/keys/list-api-keys";
import { consoleContext } from "@/lib/usage/console-context";
import { KeysPageClient } from "./page-client";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("keys"))("title") };
}

export default async function KeysPage() {
  const { user } = await requireSession({ returnTo: "/keys" });
  // Your own keys in the selected context (personal, or yours in the organization; admins manage all on /org/keys).
  const { context: orgContext, scope } = await pageDataScope(user.id, "own");
  if (!scope && orgContext.kind === "org") return <ContextNotice area="keys" orgName={orgContext.access.orgName} role={orgContext.access.role} />;
  const [keys, models, served, origin, context] = await Promise.all([
    listApiKeys({ scope: scope ?? personalScope(user.id) }),
    listPricedModels(),
    listServedModelIds(),
    siteOrigin(),
    consoleContext(),
  ]);
  // the allow-list suggests what a key can call (/v1/models, the models page); every priced model while no channel
  // serves any yet (a new install), since a key may be made before its channel
  const priced = models.map((model) => model.id);
  const callable = priced.filter((id) => served.has(id));
  return <KeysPageClient keys={keys} modelIds={callable.length > 0 ? callable : priced} origin={origin} {...context} />;
}
