import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getMemberSeries, getMemberUsage } from "@/lib/orgs/get-member-usage";
import { orgPageAccess } from "../org-page-access";
import { OrgPageNotice } from "../org-page-notice";
import { MemberUsage } from "./member-usage";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("orgs"))("usage.title") };
}

// GET /org/usage – usage by member (this month against the allowance, 30 days), daily spend by member, CSV per member
export default async function OrgUsagePage() {
  const page = await orgPageAccess({ permission: "usage.all", returnTo: "/org/usage" });
  if (page.kind !== "ok") return <OrgPageNotice access={page} />;
  const members = await getMemberUsage({ orgId: page.access.orgId });
  const series = await getMemberSeries({ orgId: page.access.orgId, members });
  return <MemberUsage orgId={page.access.orgId} members={members} series={series} />;
}
