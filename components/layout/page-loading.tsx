import { Spinner } from "@/components/ui/spinner";

/** A console page's loading state: title and summary placeholders above a spinner where the content will be. */
export function PageLoading() {
  return (
    <div className="space-y-4" aria-busy>
      <div className="h-8 w-48 animate-pulse rounded-md bg-zinc-200 dark:bg-zinc-800" />
      <div className="h-20 animate-pulse rounded-xl bg-zinc-100 dark:bg-zinc-900" />
      <div className="flex h-72 items-center justify-center rounded-xl border border-zinc-200 dark:border-zinc-800">
        <Spinner className="size-6 text-zinc-400" />
      </div>
    </div>
  );
}
