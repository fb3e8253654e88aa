"use client";

import { useEffect, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { Alert } from "@/components/ui/alert";
import { Spinner } from "@/components/ui/spinner";

type Status = "pending" | "paid" | "failed" | "expired";
type Poll = { topUp: { status: Status; amount: { display: string } }; balance: { available: { display: string } } };

const POLL_MS = 1_500;
const SLOW_AFTER_MS = 60_000;
const REFRESH_RETRY_MS = 2_000;
const REFRESH_ATTEMPTS = 3;

/** Back from Stripe Checkout: "pending" until the webhook has credited the top-up, then the new balance. */
export function TopUpReturn({
  topUpId,
  isCanceled,
  initialStatus,
  amount,
  balance,
}: {
  topUpId: string;
  isCanceled: boolean;
  initialStatus: Status;
  amount: string;
  /** the available balance the page was rendered with */
  balance: string;
}) {
  const t = useTranslations("billing.return");
  const router = useRouter();
  const [state, setState] = useState<{ status: Status; balance: string | null }>({ status: initialStatus, balance: null });
  const [isSlow, setIsSlow] = useState(false);
  const started = useRef(Date.now());

  useEffect(() => {
    if (isCanceled || state.status !== "pending") return;
    let isActive = true;
    const timer = setInterval(async () => {
      if (Date.now() - started.current > SLOW_AFTER_MS) setIsSlow(true);
      const response = await fetch(`/api/billing/top-ups/${topUpId}`, { cache: "no-store" }).catch(() => null);
      if (!isActive || !response?.ok) return;
      const body = (await response.json()) as Poll;
      if (body.topUp.status !== "pending") setState({ status: body.topUp.status, balance: body.balance.available.display });
    }, POLL_MS);
    return () => {
      isActive = false;
      clearInterval(timer);
    };
  }, [isCanceled, state.status, topUpId]);

  // The top-up has settled: re-render the page around this notice (balance, statement, top-ups). The render is up to
  // date once it passes the settled status back in `initialStatus`. Next's router.refresh() can be dropped (a refresh
  // fetched but not applied, or never answered), so it is asked again, and the page is reloaded as a last resort:
  // the customer never keeps looking at the balance from before the payment.
  const isRendered = initialStatus === state.status;
  useEffect(() => {
    if (state.status === "pending" || isRendered) return;
    let attempts = 1;
    router.refresh();
    const timer = setInterval(() => {
      if (++attempts <= REFRESH_ATTEMPTS) return router.refresh();
      // once: a reload slower than the interval must not be started again
      clearInterval(timer);
      window.location.reload();
    }, REFRESH_RETRY_MS);
    return () => clearInterval(timer);
  }, [state.status, isRendered, router]);

  if (isCanceled && state.status === "pending") return <Alert tone="info" title={t("canceledTitle")}>{t("canceledBody")}</Alert>;
  if (state.status === "paid") {
    return (
      <Alert tone="success" title={t("paidTitle")}>
        <span data-testid="topup-paid">{t("paidBody", { amount, balance: isRendered ? balance : (state.balance ?? "…") })}</span>
      </Alert>
    );
  }
  if (state.status === "failed") return <Alert tone="danger" title={t("failedTitle")}>{t("failedBody", { amount })}</Alert>;
  if (state.status === "expired") return <Alert tone="warning" title={t("expiredTitle")}>{t("expiredBody", { amount })}</Alert>;
  return (
    <div role="status" className="flex gap-3 rounded-lg border border-sky-200 bg-sky-50 px-4 py-3 text-sm text-sky-900 dark:border-sky-500/30 dark:bg-sky-500/10 dark:text-sky-100" data-testid="topup-pending">
      <Spinner />
      <div className="space-y-1">
        <p className="font-medium">{t("pendingTitle")}</p>
        <p className="opacity-90">{isSlow ? t("slowBody") : t("pendingBody", { amount })}</p>
      </div>
    </div>
  );
}
