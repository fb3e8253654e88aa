"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { requestJson } from "@/components/data-table/request-json";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";

export type OrgListItem = { id: string; name: string; role: string; memberCount: number };

/** Your organizations, each with a button that makes it the console's context. */
export function OrgList({ organizations, currentOrgId }: { organizations: OrgListItem[]; currentOrgId: string | null }) {
  const t = useTranslations("orgs");
  const router = useRouter();
  const [pending, setPending] = useState<string | null>(null);

  const open = async (orgId: string) => {
    setPending(orgId);
    const result = await requestJson("POST", "/api/orgs/context", { orgId });
    setPending(null);
    if (result.ok) router.refresh();
  };

  if (organizations.length === 0) {
    return (
      <div className="rounded-lg border border-dashed border-zinc-300 px-4 py-6 text-center dark:border-zinc-700">
        <p className="text-sm font-medium text-zinc-900 dark:text-zinc-100">{t("list.empty")}</p>
        <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">{t("list.emptyHint")}</p>
      </div>
    );
  }
  return (
    <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
      {organizations.map((org) => (
        <li key={org.id} className="flex items-center gap-3 py-3" data-testid="org-row">
          <span className="flex size-8 shrink-0 items-center justify-center rounded-md bg-brand-600 text-sm font-semibold text-white" aria-hidden>
            {org.name.slice(0, 1).toUpperCase()}
          </span>
          <div className="min-w-0 flex-1">
            <p className="truncate text-sm font-medium text-zinc-900 dark:text-zinc-100">{org.name}</p>
            <p className="text-xs text-zinc-500 dark:text-zinc-400">
              {t(`roles.${org.role}`)} · {t("list.members", { count: org.memberCount })}
            </p>
          </div>
          {org.id === currentOrgId ? (
            <Badge tone="success">{t("list.current")}</Badge>
          ) : (
            <Button variant="outline" size="sm" isLoading={pending === org.id} onClick={() => void open(org.id)}>
              {t("list.open")}
            </Button>
          )}
        </li>
      ))}
    </ul>
  );
}
