"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { requestJson } from "@/components/data-table/request-json";
import { Dropdown, DropdownItem, DropdownLabel, DropdownSeparator } from "@/components/ui/dropdown";
import { Icon } from "@/components/ui/icon";
import { cn } from "@/components/ui/cn";

export type SwitcherOrg = { id: string; name: string; role: string };

/**
 * The console's context switcher: personal, or one of your organizations. The choice is a cookie set by
 * POST /api/orgs/context (checked against your membership on every request); the page then re-renders with that
 * context's data.
 */
export function ContextSwitcher({ organizations, currentOrgId, className }: { organizations: SwitcherOrg[]; currentOrgId: string | null; className?: string }) {
  const t = useTranslations("orgs.switcher");
  const tRoles = useTranslations("orgs.roles");
  const router = useRouter();
  const [isSwitching, setIsSwitching] = useState(false);
  const current = organizations.find((org) => org.id === currentOrgId) ?? null;
  const label = current?.name ?? t("personal");

  const select = async (orgId: string | null) => {
    if (orgId === currentOrgId) return;
    setIsSwitching(true);
    const result = await requestJson("POST", "/api/orgs/context", { orgId });
    setIsSwitching(false);
    if (result.ok) router.refresh();
  };

  return (
    <Dropdown
      align="start"
      className={cn("w-full", className)}
      triggerLabel={t("current", { name: label })}
      triggerClassName="w-full"
      trigger={
        <span className="flex w-full items-center gap-2.5 rounded-lg border border-zinc-200 bg-white px-2.5 py-2 text-left text-sm shadow-xs hover:bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-900 dark:hover:bg-zinc-800/70" data-testid="context-switcher">
          <span className={cn("flex size-6 shrink-0 items-center justify-center rounded-md text-xs font-semibold", current ? "bg-brand-600 text-white" : "bg-zinc-200 text-zinc-700 dark:bg-zinc-700 dark:text-zinc-200")} aria-hidden>
            {current ? current.name.slice(0, 1).toUpperCase() : <Icon name="home" className="size-3.5" />}
          </span>
          <span className="min-w-0 flex-1">
            <span className="block text-[11px] leading-tight text-zinc-500 dark:text-zinc-400">{t("label")}</span>
            <span className={cn("block truncate font-medium text-zinc-900 dark:text-zinc-100", isSwitching && "opacity-60")} data-testid="context-current">
              {label}
            </span>
          </span>
          <Icon name="chevronDown" className="size-4 shrink-0 text-zinc-400" />
        </span>
      }
    >
      <DropdownItem isSelected={currentOrgId === null} onSelect={() => void select(null)}>
        <span className="flex flex-col">
          <span className="font-medium">{t("personal")}</span>
          <span className="text-xs text-zinc-500 dark:text-zinc-400">{t("personalHint")}</span>
        </span>
      </DropdownItem>
      {organizations.length > 0 && (
        <>
          <DropdownSeparator />
          <DropdownLabel>{t("organizations")}</DropdownLabel>
          {organizations.map((org) => (
            <DropdownItem key={org.id} isSelected={org.id === currentOrgId} onSelect={() => void select(org.id)}>
              <span className="flex min-w-0 flex-col" data-testid="context-option">
                <span className="truncate font-medium">{org.name}</span>
                <span className="text-xs text-zinc-500 dark:text-zinc-400">{tRoles(org.role)}</span>
              </span>
            </DropdownItem>
          ))}
        </>
      )}
      <DropdownSeparator />
      <DropdownItem href="/org">{organizations.length > 0 ? t("manage") : t("create")}</DropdownItem>
    </Dropdown>
  );
}
