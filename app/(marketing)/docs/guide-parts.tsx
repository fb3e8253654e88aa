import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { CopyButton } from "@/components/ui/copy-button";
import { GUIDES } from "@/config/guides";
import { cn } from "@/components/ui/cn";

/** The two base URLs, each with a copy button (every guide starts from these). */
export async function BaseUrls({ origin }: { origin: string }) {
  const t = await getTranslations("guides");
  const rows = [
    { label: t("baseUrls.openai"), value: `${origin}/v1` },
    { label: t("baseUrls.anthropic"), value: origin },
  ];
  return (
    <section className="rounded-xl border border-zinc-200 bg-zinc-50 p-4 dark:border-zinc-800 dark:bg-zinc-900/50" aria-labelledby="base-urls">
      <h2 id="base-urls" className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">
        {t("baseUrls.title")}
      </h2>
      <dl className="mt-3 grid gap-2 sm:grid-cols-2">
        {rows.map((row) => (
          <div key={row.label} className="flex min-w-0 items-center gap-2 rounded-lg border border-zinc-200 bg-white px-3 py-2 dark:border-zinc-800 dark:bg-zinc-950">
            <div className="min-w-0 flex-1">
              <dt className="text-xs text-zinc-500 dark:text-zinc-400">{row.label}</dt>
              <dd className="truncate font-mono text-sm text-zinc-900 dark:text-zinc-100" data-testid="base-url">
                {row.value}
              </dd>
            </div>
            <CopyButton value={row.value} isIconOnly variant="ghost" />
          </div>
        ))}
      </dl>
      <p className="mt-3 text-xs text-zinc-500 dark:text-zinc-400">{t("baseUrls.note")}</p>
    </section>
  );
}

/** The list of guides, with the current one marked (sidebar on wide screens, a row of links on phones). */
export async function GuideNav({ current }: { current?: string }) {
  const t = await getTranslations("guides");
  return (
    <nav aria-label={t("allGuides")}>
      <p className="mb-2 text-xs font-medium tracking-wide text-zinc-500 uppercase">{t("allGuides")}</p>
      <ul className="flex flex-wrap gap-1 lg:flex-col">
        {GUIDES.map((guide) => (
          <li key={guide.slug}>
            <Link
              href={`/docs/${guide.slug}`}
              aria-current={guide.slug === current ? "page" : undefined}
              className={cn(
                "block rounded-md px-2.5 py-1.5 text-sm",
                guide.slug === current
                  ? "bg-zinc-100 font-medium text-zinc-900 dark:bg-zinc-800 dark:text-white"
                  : "text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-white",
              )}
            >
              {t(`guides.${guide.key}`)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
