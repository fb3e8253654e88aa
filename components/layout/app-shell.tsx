"use client";

import { useEffect, useState } from "react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";
import { isNavItemActive, type NavSection } from "@/config/navigation";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { Icon } from "@/components/ui/icon";
import { LanguageSwitcher } from "@/components/ui/language-switcher";
import { ThemeToggle } from "@/components/ui/theme-toggle";
import { Logo } from "./logo";
import { UserMenu, type ShellUser } from "./user-menu";

function Navigation({ sections, pathname, onNavigate }: { sections: NavSection[]; pathname: string; onNavigate?: () => void }) {
  const t = useTranslations("nav");
  return (
    <nav aria-label={t("mainNavigation")} className="flex flex-col gap-5">
      {sections.map((section, index) => (
        <ul key={index} className="flex flex-col gap-0.5">
          {section.items.map((item) => {
            const isActive = isNavItemActive(item, pathname);
            return (
              <li key={item.href}>
                <Link
                  href={item.href}
                  onClick={onNavigate}
                  aria-current={isActive ? "page" : undefined}
                  className={cn(
                    "flex items-center gap-2.5 rounded-md px-2.5 py-1.5 text-sm font-medium transition-colors",
                    "focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-brand-500",
                    isActive
                      ? "bg-zinc-100 text-zinc-900 dark:bg-zinc-800 dark:text-white"
                      : "text-zinc-600 hover:bg-zinc-100/70 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800/60 dark:hover:text-zinc-100",
                  )}
                >
                  <Icon name={item.icon} className={cn(isActive ? "text-brand-600 dark:text-brand-400" : "text-zinc-400 dark:text-zinc-500")} />
                  {t(item.labelKey)}
                </Link>
              </li>
            );
          })}
        </ul>
      ))}
    </nav>
  );
}

/**
 * The frame of the customer console and of the operator console: sidebar navigation (a drawer on phones),
 * a top bar with the balance, language, theme and account menu, and the page in the middle.
 */
export function AppShell({
  area,
  sections,
  user,
  balance,
  contextSwitcher,
  children,
}: {
  area: "console" | "admin";
  sections: NavSection[];
  user: ShellUser;
  /** Formatted available balance for the top bar (customer console). */
  balance?: string;
  /** The console's context switcher (personal / organizations), at the top of the navigation. */
  contextSwitcher?: React.ReactNode;
  children: React.ReactNode;
}) {
  const t = useTranslations("nav");
  const pathname = usePathname();
  const [isMenuOpen, setIsMenuOpen] = useState(false);
  const homeHref = area === "admin" ? "/admin" : "/dashboard";
  const areaBadge = area === "admin" ? <Badge tone="brand">{t("operator")}</Badge> : null;

  useEffect(() => {
    if (!isMenuOpen) return;
    const onKey = (event: KeyboardEvent) => event.key === "Escape" && setIsMenuOpen(false);
    document.addEventListener("keydown", onKey);
    document.body.style.overflow = "hidden";
    return () => {
      document.removeEventListener("keydown", onKey);
      document.body.style.overflow = "";
    };
  }, [isMenuOpen]);

  const sidebarFooter = (
    <div className="flex flex-col gap-3 border-t border-zinc-200 pt-4 dark:border-zinc-800">
      {area === "console" && user.isOperator && (
        <Link href="/admin" className="flex items-center gap-2.5 rounded-md px-2.5 py-1.5 text-sm font-medium text-zinc-600 hover:bg-zinc-100/70 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-brand-500 dark:text-zinc-400 dark:hover:bg-zinc-800/60 dark:hover:text-zinc-100">
          <Icon name="shield" className="text-zinc-400" />
          {t("adminConsole")}
        </Link>
      )}
      {area === "admin" && (
        <Link href="/dashboard" className="flex items-center gap-2.5 rounded-md px-2.5 py-1.5 text-sm font-medium text-zinc-600 hover:bg-zinc-100/70 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-brand-500 dark:text-zinc-400 dark:hover:bg-zinc-800/60 dark:hover:text-zinc-100">
          <Icon name="arrowLeft" className="text-zinc-400" />
          {t("backToConsole")}
        </Link>
      )}
    </div>
  );

  return (
    <div className="min-h-screen bg-zinc-50 dark:bg-zinc-950">
      <a href="#content" className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-[70] focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:shadow dark:focus:bg-zinc-900">
        {t("skipToContent")}
      </a>

      {/* Desktop sidebar */}
      <aside className="fixed inset-y-0 left-0 z-30 hidden w-60 flex-col border-r border-zinc-200 bg-white px-3 py-4 lg:flex dark:border-zinc-800 dark:bg-zinc-900/40">
        <div className="flex h-9 items-center gap-2 px-2.5">
          <Logo href={homeHref} suffix={areaBadge} />
        </div>
        {contextSwitcher && <div className="mt-4 px-0.5">{contextSwitcher}</div>}
        <div className={contextSwitcher ? "mt-4 flex-1 overflow-y-auto" : "mt-6 flex-1 overflow-y-auto"}>
          <Navigation sections={sections} pathname={pathname} />
        </div>
        {sidebarFooter}
      </aside>

      {/* Phone drawer */}
      {isMenuOpen && (
        <div className="fixed inset-0 z-50 lg:hidden" role="dialog" aria-modal="true" aria-label={t("mainNavigation")}>
          <button type="button" className="absolute inset-0 bg-zinc-950/40 backdrop-blur-[1px]" aria-label={t("closeMenu")} onClick={() => setIsMenuOpen(false)} />
          <div className="absolute inset-y-0 left-0 flex w-72 max-w-[85%] flex-col bg-white px-3 py-4 shadow-xl dark:bg-zinc-900">
            <div className="flex h-9 items-center justify-between px-2.5">
              <Logo href={homeHref} suffix={areaBadge} />
              <button type="button" onClick={() => setIsMenuOpen(false)} className="rounded-md p-1.5 text-zinc-500 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-brand-500 dark:hover:bg-zinc-800" aria-label={t("closeMenu")} autoFocus>
                <Icon name="close" />
              </button>
            </div>
            {contextSwitcher && <div className="mt-4 px-0.5">{contextSwitcher}</div>}
            <div className={contextSwitcher ? "mt-4 flex-1 overflow-y-auto" : "mt-6 flex-1 overflow-y-auto"}>
              <Navigation sections={sections} pathname={pathname} onNavigate={() => setIsMenuOpen(false)} />
            </div>
            <div className="flex flex-col gap-3">
              {sidebarFooter}
              <div className="flex items-center justify-between gap-2 px-1">
                <LanguageSwitcher />
                <ThemeToggle />
              </div>
            </div>
          </div>
        </div>
      )}

      <div className="lg:pl-60">
        <header className="sticky top-0 z-20 flex h-14 items-center gap-3 border-b border-zinc-200 bg-white/85 px-4 backdrop-blur supports-[backdrop-filter]:bg-white/70 sm:px-6 lg:px-8 dark:border-zinc-800 dark:bg-zinc-950/80">
          <button
            type="button"
            onClick={() => setIsMenuOpen(true)}
            className="-ml-1.5 rounded-md p-1.5 text-zinc-600 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-brand-500 lg:hidden dark:text-zinc-300 dark:hover:bg-zinc-800"
            aria-label={t("openMenu")}
            aria-expanded={isMenuOpen}
          >
            <Icon name="menu" className="size-5" />
          </button>
          <Logo href={homeHref} className="lg:hidden" />
          <div className="flex-1" />
          {balance !== undefined && (
            <Link
              href="/billing"
              className="hidden items-center gap-2 rounded-md border border-zinc-200 px-2.5 py-1 text-sm hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-brand-500 sm:inline-flex dark:border-zinc-800 dark:hover:bg-zinc-900"
              data-testid="topbar-balance"
            >
              <Icon name="wallet" className="text-zinc-400" />
              <span className="text-zinc-500 dark:text-zinc-400">{t("balance")}</span>
              <span className="font-semibold text-zinc-900 tabular-nums dark:text-zinc-100">{balance}</span>
            </Link>
          )}
          <LanguageSwitcher className="hidden md:inline-flex" />
          <ThemeToggle className="hidden md:inline-flex" />
          <UserMenu user={user} area={area} />
        </header>
        <main id="content" className="mx-auto w-full max-w-6xl px-4 py-6 sm:px-6 lg:px-8 lg:py-8">
          {children}
        </main>
      </div>
    </div>
  );
}
