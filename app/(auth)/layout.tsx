import { getTranslations } from "next-intl/server";
import { Logo } from "@/components/layout/logo";
import { LanguageSwitcher } from "@/components/ui/language-switcher";
import { ThemeToggle } from "@/components/ui/theme-toggle";

// Sign-in, sign-up and password pages: the form on the left, what Switchyard is on the right (wide screens).
export default async function AuthLayout({ children }: { children: React.ReactNode }) {
  const t = await getTranslations("auth.aside");
  const points = [t("point1"), t("point2"), t("point3")];
  return (
    <div className="grid min-h-screen lg:grid-cols-[minmax(0,1fr)_minmax(0,0.9fr)]">
      <div className="flex flex-col bg-white px-5 py-5 sm:px-10 dark:bg-zinc-950">
        <header className="flex items-center justify-between gap-3">
          <Logo />
          <div className="flex items-center gap-2">
            <LanguageSwitcher />
            <ThemeToggle />
          </div>
        </header>
        <main className="flex flex-1 items-center justify-center py-10">
          <div className="w-full max-w-sm">{children}</div>
        </main>
      </div>
      <aside className="relative hidden overflow-hidden bg-zinc-950 lg:flex lg:flex-col lg:justify-center lg:px-14">
        <div aria-hidden className="absolute inset-0 bg-[radial-gradient(ellipse_at_top_right,rgba(51,125,255,0.35),transparent_55%),radial-gradient(ellipse_at_bottom_left,rgba(51,125,255,0.18),transparent_50%)]" />
        <div aria-hidden className="absolute inset-0 bg-[linear-gradient(to_right,rgba(255,255,255,0.04)_1px,transparent_1px),linear-gradient(to_bottom,rgba(255,255,255,0.04)_1px,transparent_1px)] bg-[size:40px_40px]" />
        <div className="relative max-w-md">
          <p className="text-3xl font-semibold tracking-tight text-white">{t("headline")}</p>
          <ul className="mt-8 space-y-4">
            {points.map((point) => (
              <li key={point} className="flex gap-3 text-zinc-300">
                <svg className="mt-0.5 size-5 shrink-0 text-brand-400" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden>
                  <path d="M20 6 9 17l-5-5" />
                </svg>
                <span>{point}</span>
              </li>
            ))}
          </ul>
          <pre className="mt-10 overflow-hidden rounded-xl border border-white/10 bg-white/5 p-4 font-mono text-xs leading-relaxed text-zinc-300 backdrop-blur">
            <span className="text-zinc-500">$</span> curl $SWITCHYARD/v1/chat/completions \{"\n"}
            {"    "}-H <span className="text-emerald-300">&quot;Authorization: Bearer sk-…&quot;</span> \{"\n"}
            {"    "}-d <span className="text-emerald-300">&apos;{"{"}&quot;model&quot;: &quot;claude-sonnet-4-6&quot;, …{"}"}&apos;</span>
          </pre>
        </div>
      </aside>
    </div>
  );
}
