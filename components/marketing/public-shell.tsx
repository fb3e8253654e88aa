import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Logo } from "@/components/layout/logo";
import { buttonClasses } from "@/components/ui/button";
import { LanguageSwitcher } from "@/components/ui/language-switcher";
import { ThemeToggle } from "@/components/ui/theme-toggle";

/** The frame of public pages (models & pricing, guides): header with navigation, language and theme, and a footer. */
export async function PublicShell({ isSignedIn, children }: { isSignedIn: boolean; children: React.ReactNode }) {
  const t = await getTranslations("marketing");
  return (
    <div className="flex min-h-screen flex-col">
      <header className="sticky top-0 z-30 border-b border-zinc-200 bg-white/85 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/85">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-1 px-4 py-2.5 sm:h-14 sm:flex-nowrap sm:py-0 sm:px-6">
          <Logo href={isSignedIn ? "/dashboard" : "/"} />
          <nav aria-label={t("primaryNavigation")} className="order-last -mx-2 flex w-full items-center gap-1 text-sm sm:order-none sm:mx-0 sm:w-auto">
            <Link href="/models" className="rounded-md px-2 py-1 text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-white">
              {t("models")}
            </Link>
            <Link href="/docs" className="rounded-md px-2 py-1 text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-white">
              {t("guides")}
            </Link>
          </nav>
          <div className="ml-auto flex items-center gap-2">
            <LanguageSwitcher className="hidden sm:inline-flex" />
            <ThemeToggle />
            {isSignedIn ? (
              <Link href="/dashboard" className={buttonClasses({ size: "sm" })}>
                {t("console")}
              </Link>
            ) : (
              <>
                <Link href="/login" className={buttonClasses({ size: "sm", variant: "ghost", className: "hidden sm:inline-flex" })}>
                  {t("signIn")}
                </Link>
                <Link href="/signup" className={buttonClasses({ size: "sm" })}>
                  {t("getStarted")}
                </Link>
              </>
            )}
          </div>
        </div>
      </header>
      <main id="content" className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 sm:px-6 sm:py-12">
        {children}
      </main>
      <footer className="border-t border-zinc-200 py-6 text-center text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
        <div className="mb-2 flex justify-center sm:hidden">
          <LanguageSwitcher />
        </div>
        {t("footer")}
        {" · "}
        <Link href="/status" className="font-medium text-zinc-600 hover:text-zinc-900 hover:underline dark:text-zinc-300 dark:hover:text-white">
          {t("status")}
        </Link>
      </footer>
    </div>
  );
}
