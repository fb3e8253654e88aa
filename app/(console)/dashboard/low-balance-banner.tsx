import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";
import { getUserBalance } from "@/lib/account/get-user-balance";
import { formatUsd } from "@/lib/money";
import { getLowBalanceThreshold } from "@/lib/usage/low-balance-threshold";

/** A warning at the top of the home page while the available balance is under the customer's threshold. */
export async function LowBalanceBanner({ userId }: { userId: string }) {
  const [t, threshold, balance] = await Promise.all([getTranslations("dashboard-charts"), getLowBalanceThreshold({ userId }), getUserBalance(userId)]);
  // the same balance the e-mail alert watches: paid + trial − frozen (holds in flight do not count)
  const watched = balance.total - balance.frozen;
  if (threshold === null || watched >= threshold) return null;
  return (
    <Alert
      tone="warning"
      className="mb-6"
      title={t("lowBalance.title")}
      action={
        <div className="flex flex-col gap-1 sm:flex-row">
          <Link href="/billing" className={buttonClasses({ size: "sm" })}>
            {t("lowBalance.topUp")}
          </Link>
          <Link href="/settings#alerts" className={buttonClasses({ size: "sm", variant: "ghost" })}>
            {t("lowBalance.change")}
          </Link>
        </div>
      }
    >
      <span data-testid="low-balance-banner">{t("lowBalance.body", { balance: formatUsd(watched), threshold: formatUsd(threshold) })}</span>
    </Alert>
  );
}
