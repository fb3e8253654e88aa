"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";
import { cn } from "@/components/ui/cn";

export type OrgTab = { href: string; key: "overview" | "members" | "keys" | "usage" | "audit" | "settings" };

/** The organization section's tabs (only those the member's role may open). */
export function OrgTabs({ tabs }: { tabs: OrgTab[] }) {
  const t = useTranslations("orgs.tabs");
  const pathname = usePathname();
  return (
    <nav aria-label={t("overview")} className="-mx-1 mb-6 overflow-x-auto border-b border-zinc-200 dark:border-zinc-800">
      <ul className="flex min-w-max gap-1 px-1">
        {tabs.map((tab) => {
          const isActive = tab.href === "/org" ? pathname === "/org" : pathname.startsWith(tab.href);
          return (
            <li key={tab.href}>
              <Link
                href={tab.href}
                aria-current={isActive ? "page" : undefined}
                className={cn(
                  "-mb-px inline-flex border-b-2 px-3 py-2 text-sm font-medium transition-colors focus-visible:outline-2 focus-visible:outline-brand-500",
                  isActive ? "border-brand-600 text-zinc-900 dark:border-brand-400 dark:text-white" : "border-transparent text-zinc-500 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100",
                )}
              >
                {t(tab.key)}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
