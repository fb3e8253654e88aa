import { getTranslations } from "next-intl/server";
import { Spinner } from "@/components/ui/spinner";

// Shown while an operator page loads its data (streamed in place of the page body). The customer page sits outside this
// group: a streamed response is already a 200 when its notFound() runs, and an unknown customer id must answer 404.
export default async function AdminLoading() {
  const t = await getTranslations("admin-common");
  return (
    <div className="flex min-h-64 items-center justify-center gap-3 text-sm text-zinc-500 dark:text-zinc-400">
      <Spinner className="size-5" />
      {t("loading")}
    </div>
  );
}
