import { cn } from "@/components/ui/cn";

/** The heading of an organization tab's section; `id` lets the section name itself with aria-labelledby. */
export function OrgSectionHeading({ id, title, description }: { id?: string; title: string; description?: string }) {
  return (
    <div>
      <h2 id={id} className="text-base font-semibold text-zinc-900 dark:text-zinc-50">
        {title}
      </h2>
      {description && <p className="max-w-2xl text-sm text-zinc-500 dark:text-zinc-400">{description}</p>}
    </div>
  );
}

/** What an organization table shows instead of its rows when it has none. */
export function OrgEmptyNote({ children, className }: { children: React.ReactNode; className?: string }) {
  return <p className={cn("rounded-lg border border-dashed border-zinc-300 px-4 py-8 text-center text-sm text-zinc-500 dark:border-zinc-700 dark:text-zinc-400", className)}>{children}</p>;
}
