import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { listInvitations } from "@/lib/orgs/invitations/list-invitations";
import { listMembers } from "@/lib/orgs/list-members";
import { can } from "@/lib/orgs/permissions";
import { orgPageAccess } from "../org-page-access";
import { OrgPageNotice } from "../org-page-notice";
import { InvitePanel } from "./invite-panel";
import { MembersTable } from "./members-table";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("orgs"))("members.title") };
}

// GET /org/members – members with roles and allowances; invitations by email and link (owner, admin)
export default async function OrgMembersPage() {
  const page = await orgPageAccess({ permission: "members.view", returnTo: "/org/members" });
  if (page.kind !== "ok") return <OrgPageNotice access={page} />;
  const { access, session } = page;
  const [members, invitations] = await Promise.all([listMembers({ orgId: access.orgId }), can(access.role, "invitations.manage") ? listInvitations({ orgId: access.orgId }) : []]);
  return (
    <div className="space-y-8">
      <MembersTable orgId={access.orgId} members={members} currentUserId={session.user.id} viewerRole={access.role} canManage={can(access.role, "members.manage")} />
      {can(access.role, "invitations.manage") && <InvitePanel orgId={access.orgId} invitations={invitations} />}
    </div>
  );
}
