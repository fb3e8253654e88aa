import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { listDisputes } from "@/lib/admin/list-disputes";
import { requireOperator } from "@/lib/auth/guards";
import { money, refundRequestJson, topUpJson } from "@/lib/payments/dto";
import { listTopUps } from "@/lib/payments/list-top-ups";
import { listRefundRequests } from "@/lib/payments/refunds/list-refund-requests";
import { reviewRefundRequests } from "@/lib/payments/refunds/review-refunds";
import { isCardPaymentsEnabled } from "@/lib/payments/stripe";
import { consoleContext } from "@/lib/usage/console-context";
import { RefundsPageClient } from "./page-client";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin-payments"))("title") };
}

export const dynamic = "force-dynamic";

// GET /admin/refunds – pending refund requests to approve or reject, recent decisions, top-ups and disputes
export default async function RefundsPage() {
  await requireOperator();
  const [pending, recent, topUps, disputes, context] = await Promise.all([
    listRefundRequests({ status: "requested", limit: 100 }),
    listRefundRequests({ limit: 30 }),
    listTopUps({ limit: 50 }),
    listDisputes({ limit: 50 }),
    consoleContext(),
  ]);
  const reviews = await reviewRefundRequests(pending);
  return (
    <RefundsPageClient
      pending={pending.map((request) => {
        const review = reviews.get(request.id);
        return { ...refundRequestJson(request), review: review ? { ...review, refundableNow: money(review.refundableNow) } : null };
      })}
      decided={recent.filter((r) => r.status !== "requested").map(refundRequestJson)}
      topUps={topUps.map(topUpJson)}
      disputes={disputes}
      isStripeConfigured={isCardPaymentsEnabled()}
      {...context}
    />
  );
}
