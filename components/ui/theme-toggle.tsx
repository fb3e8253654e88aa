"use client";

import { useEffect, useState } from "react";
import { useTranslations } from "next-intl";
import { THEME_STORAGE_KEY, THEMES, type Theme } from "@/config/theme";
import { cn } from "./cn";

const ICONS: Record<Theme, string> = {
  light: "M12 3v1m0 16v1m9-9h-1M4 12H3m15.4 6.4-.7-.7M6.3 6.3l-.7-.7m12.8 0-.7.7M6.3 17.7l-.7.7M16 12a4 4 0 1 1-8 0 4 4 0 0 1 8 0Z",
  dark: "M21 12.8A9 9 0 1 1 11.2 3a7 7 0 0 0 9.8 9.8Z",
  system: "M3 5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V5Zm5 16h8m-4-4v4",
};

function applyTheme(theme: Theme): void {
  const isDark = theme === "dark" || (theme === "system" && window.matchMedia("(prefers-color-scheme: dark)").matches);
  document.documentElement.classList.toggle("dark", isDark);
  document.documentElement.dataset.theme = theme;
}

function storedTheme(): Theme {
  try {
    const value = localStorage.getItem(THEME_STORAGE_KEY);
    return (THEMES as readonly string[]).includes(value ?? "") ? (value as Theme) : "system";
  } catch {
    return "system";
  }
}

/** Light / dark / system, remembered in localStorage (ThemeScript applies it before the first paint). */
export function ThemeToggle({ className }: { className?: string }) {
  const t = useTranslations("common.theme");
  const [theme, setTheme] = useState<Theme | null>(null);

  useEffect(() => setTheme(storedTheme()), []);
  useEffect(() => {
    if (theme !== "system") return;
    const media = window.matchMedia("(prefers-color-scheme: dark)");
    const onChange = () => applyTheme("system");
    media.addEventListener("change", onChange);
    return () => media.removeEventListener("change", onChange);
  }, [theme]);

  const choose = (next: Theme) => {
    setTheme(next);
    try {
      localStorage.setItem(THEME_STORAGE_KEY, next);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
    applyTheme(next);
  };

  return (
    <div role="radiogroup" aria-label={t("label")} className={cn("inline-flex items-center gap-0.5 rounded-lg border border-zinc-200 p-0.5 dark:border-zinc-800", className)}>
      {THEMES.map((option) => {
        const isChecked = theme === option;
        return (
          <button
            key={option}
            type="button"
            role="radio"
            aria-checked={isChecked}
            aria-label={t(option)}
            title={t(option)}
            onClick={() => choose(option)}
            className={cn(
              "flex size-7 items-center justify-center rounded-md text-zinc-500 transition-colors hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-brand-500 dark:text-zinc-400 dark:hover:text-zinc-100",
              isChecked && "bg-zinc-100 text-zinc-900 shadow-xs dark:bg-zinc-800 dark:text-zinc-100",
            )}
          >
            <svg className="size-4" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" aria-hidden>
              <path d={ICONS[option]} />
            </svg>
          </button>
        );
      })}
    </div>
  );
}
