import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { MemberAllowanceCard } from "@/components/orgs/member-allowance-card";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Stat } from "@/components/ui/stat";
import { requireSession } from "@/lib/auth/guards";
import { formatUsd } from "@/lib/money";
import { getContextBalance } from "@/lib/orgs/context-balance";
import { currentConsoleContext } from "@/lib/orgs/console-scope";
import { listOrganizations } from "@/lib/orgs/list-organizations";
import { getMemberAllowance } from "@/lib/orgs/member-allowance";
import { can } from "@/lib/orgs/permissions";
import { CreateOrgForm } from "./create-org-form";
import { OrgList } from "./org-list";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("orgs"))("metaTitle") };
}

// GET /org – your organizations and a form to create one; in an organization's context, its overview
export default async function OrgPage() {
  const { user } = await requireSession({ returnTo: "/org" });
  const [t, context, organizations] = await Promise.all([getTranslations("orgs"), currentConsoleContext(user.id), listOrganizations({ userId: user.id })]);
  const access = context.kind === "org" ? context.access : null;
  const [balance, allowance] = access
    ? await Promise.all([
        can(access.role, "billing.view") ? getContextBalance({ orgId: access.orgId }) : null,
        // an allowance caps what a member's own keys spend: a role without keys (billing) has none to show
        can(access.role, "keys.own") ? getMemberAllowance({ membershipId: access.membershipId, allowance: access.monthlyAllowance }) : null,
      ])
    : [null, null];
  const current = access ? organizations.find((org) => org.id === access.orgId) : undefined;
  // the balance (or role) card takes the row's width the allowance card leaves
  const mainSpan = allowance ? "lg:col-span-2" : "lg:col-span-3";

  return (
    <>
      {!access && <PageHeader title={t("title")} description={t("subtitle")} />}
      {access && (
        <div className="mb-6 grid gap-6 lg:grid-cols-3">
          {balance ? (
            <Card className={mainSpan}>
              <CardHeader className="flex-row items-start justify-between gap-4">
                <div>
                  <CardDescription>{t("overview.balance")}</CardDescription>
                  <p className="mt-1 text-4xl font-semibold tracking-tight text-zinc-900 tabular-nums dark:text-white" data-testid="org-balance">
                    {formatUsd(balance.available)}
                  </p>
                </div>
                {can(access.role, "billing.topup") && (
                  <Link href="/billing" className={buttonClasses({ variant: "primary" })}>
                    {t("overview.topUp")}
                  </Link>
                )}
              </CardHeader>
              <CardContent>
                <dl className="grid grid-cols-2 gap-4 border-t border-zinc-100 pt-4 dark:border-zinc-800">
                  <Stat label={t("overview.role")} value={t(`roles.${access.role}`)} hint={t(`roleHints.${access.role}`)} />
                  <Stat label={t("overview.members")} value={String(current?.memberCount ?? 1)} />
                </dl>
              </CardContent>
            </Card>
          ) : (
            <Card className={mainSpan}>
              <CardHeader>
                <CardDescription>{t("overview.role")}</CardDescription>
                <CardTitle className="text-2xl">{t(`roles.${access.role}`)}</CardTitle>
                <p className="text-sm text-zinc-500 dark:text-zinc-400">{t(`roleHints.${access.role}`)}</p>
              </CardHeader>
            </Card>
          )}
          {allowance && <MemberAllowanceCard orgName={access.orgName} status={allowance} />}
        </div>
      )}

      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>{t("list.title")}</CardTitle>
          </CardHeader>
          <CardContent>
            <OrgList organizations={organizations.map(({ id, name, role, memberCount }) => ({ id, name, role, memberCount }))} currentOrgId={access?.orgId ?? null} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>{t("create.title")}</CardTitle>
            <CardDescription>{t("create.description")}</CardDescription>
          </CardHeader>
          <CardContent>
            <CreateOrgForm />
          </CardContent>
        </Card>
      </div>
    </>
  );
}
