import { getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { getCurrentSession } from "@/lib/auth/current-session";
import { currentConsoleContext } from "@/lib/orgs/console-scope";
import { can } from "@/lib/orgs/permissions";
import { OrgTabs, type OrgTab } from "./org-tabs";

// The organization section: in an organization's context, its name, your role and the tabs your role may open.
export default async function OrgLayout({ children }: { children: React.ReactNode }) {
  // signed out: each page redirects to /login with its own address to come back to
  const session = await getCurrentSession();
  if (!session) return <>{children}</>;
  const { user } = session;
  const context = await currentConsoleContext(user.id);
  if (context.kind === "personal") return <>{children}</>;
  const { access } = context;
  const t = await getTranslations("orgs");
  const tabs: OrgTab[] = [
    { href: "/org", key: "overview" },
    ...(can(access.role, "members.view") ? [{ href: "/org/members", key: "members" } as const] : []),
    ...(can(access.role, "keys.all") ? [{ href: "/org/keys", key: "keys" } as const] : []),
    ...(can(access.role, "usage.all") ? [{ href: "/org/usage", key: "usage" } as const] : []),
    ...(can(access.role, "audit.view") ? [{ href: "/org/audit", key: "audit" } as const] : []),
    { href: "/org/settings", key: "settings" },
  ];
  return (
    <>
      <div className="mb-4 flex flex-wrap items-center gap-2">
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900 dark:text-zinc-50" data-testid="org-name">
          {access.orgName}
        </h1>
        <Badge tone="brand" data-testid="org-role">
          {t(`roles.${access.role}`)}
        </Badge>
      </div>
      <OrgTabs tabs={tabs} />
      {children}
    </>
  );
}
