import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { listMembers } from "@/lib/orgs/list-members";
import { can } from "@/lib/orgs/permissions";
import { orgPageAccess } from "../org-page-access";
import { OrgPageNotice } from "../org-page-notice";
import { OrgSettings } from "./org-settings";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("orgs"))("settings.title") };
}

// GET /org/settings – rename (owner, admin), transfer ownership and delete (owner), leave (everyone but the owner)
export default async function OrgSettingsPage() {
  const page = await orgPageAccess({ permission: "org.view", returnTo: "/org/settings" });
  if (page.kind !== "ok") return <OrgPageNotice access={page} />;
  const { access } = page;
  const members = can(access.role, "org.transfer") ? await listMembers({ orgId: access.orgId }) : [];
  return (
    <OrgSettings
      orgId={access.orgId}
      orgName={access.orgName}
      isOwner={access.role === "owner"}
      canRename={can(access.role, "org.rename")}
      canDelete={can(access.role, "org.delete")}
      canTransfer={can(access.role, "org.transfer")}
      candidates={members.filter((member) => member.role !== "owner").map((member) => ({ id: member.membershipId, label: member.name ? `${member.name} (${member.email})` : member.email }))}
    />
  );
}
