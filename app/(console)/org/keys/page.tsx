import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { listApiKeys } from "@/lib/keys/list-api-keys";
import { consoleContext } from "@/lib/usage/console-context";
import { orgPageAccess } from "../org-page-access";
import { OrgPageNotice } from "../org-page-notice";
import { OrgKeysTable } from "./org-keys-table";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("orgs"))("keys.title") };
}

// GET /org/keys – every key of the organization, by member, with enable/disable (owner, admin)
export default async function OrgKeysPage() {
  const page = await orgPageAccess({ permission: "keys.all", returnTo: "/org/keys" });
  if (page.kind !== "ok") return <OrgPageNotice access={page} />;
  const [keys, context] = await Promise.all([listApiKeys({ scope: { kind: "org", orgId: page.access.orgId, userId: null } }), consoleContext()]);
  return <OrgKeysTable orgId={page.access.orgId} keys={keys} {...context} />;
}
