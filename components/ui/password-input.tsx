"use client";

import { useState } from "react";
import { useTranslations } from "next-intl";
import { cn } from "./cn";
import { Input } from "./input";

/** A password field with a show/hide toggle; all other props go to the <input>. */
export function PasswordInput({ className, ...props }: Omit<React.InputHTMLAttributes<HTMLInputElement>, "type">) {
  const t = useTranslations("auth");
  const [isVisible, setIsVisible] = useState(false);
  return (
    <div className="relative">
      <Input type={isVisible ? "text" : "password"} className={cn("pr-10", className)} {...props} />
      <button
        type="button"
        onClick={() => setIsVisible((visible) => !visible)}
        className="absolute inset-y-0 right-0 flex w-10 items-center justify-center rounded-r-md text-zinc-400 hover:text-zinc-700 focus-visible:outline-2 focus-visible:outline-brand-500 dark:hover:text-zinc-200"
        aria-label={isVisible ? t("hidePassword") : t("showPassword")}
        aria-pressed={isVisible}
      >
        <svg className="size-4" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" aria-hidden>
          {isVisible ? (
            <path d="M3 3l18 18M10.6 10.6a2 2 0 0 0 2.8 2.8M9.9 5.1A9.8 9.8 0 0 1 12 5c5 0 9 4.5 10 7a13 13 0 0 1-3 4.2M6.2 6.2A13 13 0 0 0 2 12c1 2.5 5 7 10 7a9.7 9.7 0 0 0 5.8-1.8" />
          ) : (
            <path d="M2 12c1-2.5 5-7 10-7s9 4.5 10 7c-1 2.5-5 7-10 7S3 14.5 2 12Zm10 3a3 3 0 1 0 0-6 3 3 0 0 0 0 6Z" />
          )}
        </svg>
      </button>
    </div>
  );
}
