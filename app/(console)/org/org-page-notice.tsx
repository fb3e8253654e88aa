import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { EmptyState } from "@/components/ui/empty-state";
import { Icon } from "@/components/ui/icon";
import type { OrgPageAccess } from "./org-page-access";

/** What an organization page shows when it cannot show its content (personal context, or a role without access). */
export async function OrgPageNotice({ access }: { access: Exclude<OrgPageAccess, { kind: "ok" }> }) {
  const t = await getTranslations("orgs");
  if (access.kind === "personal") {
    return (
      <EmptyState
        icon={<Icon name="users" />}
        title={t("overview.personalTitle")}
        description={t("overview.personalBody")}
        action={
          <Link href="/org" className="text-sm font-medium text-brand-600 hover:underline dark:text-brand-400">
            {t("title")} →
          </Link>
        }
      />
    );
  }
  return (
    <div data-testid="context-notice">
      <EmptyState icon={<Icon name="shield" />} title={t("notice.page.title", { org: access.access.orgName })} description={t("notice.page.body", { role: t(`roles.${access.access.role}`) })} />
    </div>
  );
}
