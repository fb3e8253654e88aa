import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { EmptyState } from "@/components/ui/empty-state";
import { Icon } from "@/components/ui/icon";
import type { OrgRole } from "@/lib/orgs/roles";

/** What a console page shows in an organization's context when the member's role has no access to that page. */
export async function ContextNotice({ area, orgName, role }: { area: "keys" | "usage" | "billing"; orgName: string; role: OrgRole }) {
  const t = await getTranslations("orgs.notice");
  const tRoles = await getTranslations("orgs.roles");
  return (
    <div data-testid="context-notice">
      <EmptyState
        icon={<Icon name="shield" />}
        title={t(`${area}.title`, { org: orgName })}
        description={t(`${area}.body`, { role: tRoles(role) })}
        action={
          <Link href="/org" className="text-sm font-medium text-brand-600 hover:underline dark:text-brand-400">
            {t("seeOrg")} →
          </Link>
        }
      />
    </div>
  );
}
