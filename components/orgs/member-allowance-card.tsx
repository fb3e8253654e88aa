import { getTranslations } from "next-intl/server";
import { Card, CardContent, CardDescription, CardHeader } from "@/components/ui/card";
import { formatUsd } from "@/lib/money";
import type { AllowanceStatus } from "@/lib/orgs/member-allowance";

/** In an organization's context, a member sees what is left of their monthly allowance instead of the shared balance. */
export async function MemberAllowanceCard({ orgName, status, className }: { orgName: string; status: AllowanceStatus; className?: string }) {
  const t = await getTranslations("orgs.allowance");
  const allowance = BigInt(status.allowance);
  const used = BigInt(status.spent) + BigInt(status.held);
  const percent = allowance > 0n ? Number((used * 1000n) / allowance) / 10 : 0;
  return (
    <Card className={className} data-testid="member-allowance">
      <CardHeader>
        <CardDescription>{t("title", { org: orgName })}</CardDescription>
        <p className="mt-1 text-4xl font-semibold tracking-tight text-zinc-900 tabular-nums dark:text-white" data-testid="allowance-remaining">
          {status.remaining === null ? t("unlimited") : formatUsd(BigInt(status.remaining))}
        </p>
        <p className="text-sm text-zinc-500 dark:text-zinc-400">{status.remaining === null ? t("noCap") : t("left", { allowance: formatUsd(allowance) })}</p>
      </CardHeader>
      <CardContent className="space-y-2">
        {allowance > 0n && (
          <div className="h-2 overflow-hidden rounded-full bg-zinc-100 dark:bg-zinc-800" role="progressbar" aria-valuenow={Math.min(100, percent)} aria-valuemin={0} aria-valuemax={100} aria-label={t("usedLabel")}>
            <div className={percent >= 100 ? "h-full bg-red-500" : percent >= 80 ? "h-full bg-amber-500" : "h-full bg-brand-500"} style={{ width: `${Math.min(100, percent)}%` }} />
          </div>
        )}
        <p className="text-sm text-zinc-600 dark:text-zinc-300" data-testid="allowance-used">
          {t("used", { spent: formatUsd(BigInt(status.spent)), month: status.month })}
        </p>
        <p className="text-xs text-zinc-500 dark:text-zinc-400">{t("resets")}</p>
      </CardContent>
    </Card>
  );
}
