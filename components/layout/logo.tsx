import Link from "next/link";
import { cn } from "@/components/ui/cn";

/** The Switchyard mark: two tracks joining at a switch. */
export function LogoMark({ className }: { className?: string }) {
  return (
    <svg className={cn("size-7", className)} viewBox="0 0 32 32" aria-hidden>
      <rect width="32" height="32" rx="8" className="fill-zinc-900 dark:fill-white" />
      <path d="M9 23V9m0 7c0-4 3-7 7-7h7M9 16c0 4 3 7 7 7h7" fill="none" strokeWidth="2.6" strokeLinecap="round" className="stroke-white dark:stroke-zinc-900" />
      <circle cx="23" cy="9" r="2.2" className="fill-brand-400" />
      <circle cx="23" cy="23" r="2.2" className="fill-brand-400" />
    </svg>
  );
}

export function Logo({ href = "/", suffix, className }: { href?: string; suffix?: React.ReactNode; className?: string }) {
  return (
    <Link
      href={href}
      className={cn("inline-flex items-center gap-2 rounded-md font-semibold tracking-tight text-zinc-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 dark:text-white", className)}
    >
      <LogoMark />
      <span>Switchyard</span>
      {suffix}
    </Link>
  );
}
