"use client";

import { useState } from "react";
import { signOut } from "next-auth/react";
import { useTranslations } from "next-intl";
import { Dropdown, DropdownItem, DropdownLabel, DropdownSeparator } from "@/components/ui/dropdown";
import { Icon } from "@/components/ui/icon";
import { initials } from "@/lib/account/initials";

export type ShellUser = { email: string; name: string | null; isOperator: boolean };

export function UserMenu({ user, area }: { user: ShellUser; area: "console" | "admin" }) {
  const t = useTranslations("nav");
  const [isSigningOut, setIsSigningOut] = useState(false);
  return (
    <Dropdown
      triggerLabel={t("userMenu")}
      triggerClassName="p-0.5"
      trigger={
        <span className="flex size-8 items-center justify-center rounded-full bg-gradient-to-br from-brand-500 to-brand-700 text-xs font-semibold text-white ring-2 ring-white dark:ring-zinc-900" data-testid="user-menu">
          {initials(user)}
        </span>
      }
    >
      <DropdownLabel>
        <span className="block">{t("signedInAs")}</span>
        <span className="block truncate font-medium text-zinc-900 dark:text-zinc-100">{user.email}</span>
      </DropdownLabel>
      <DropdownSeparator />
      <DropdownItem href="/settings">
        <Icon name="settings" />
        {t("settings")}
      </DropdownItem>
      {user.isOperator && area === "console" && (
        <DropdownItem href="/admin">
          <Icon name="shield" />
          {t("adminConsole")}
        </DropdownItem>
      )}
      {area === "admin" && (
        <DropdownItem href="/dashboard">
          <Icon name="arrowLeft" />
          {t("backToConsole")}
        </DropdownItem>
      )}
      <DropdownSeparator />
      <DropdownItem
        isDanger
        onSelect={() => {
          setIsSigningOut(true);
          void signOut({ callbackUrl: "/login?signedOut=1" });
        }}
      >
        <Icon name="logout" />
        {isSigningOut ? t("signingOut") : t("signOut")}
      </DropdownItem>
    </Dropdown>
  );
}
