"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { SCRIPT_FORM_METHOD } from "@/components/ui/form-method";
import { Input, Textarea } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";

/** Ask for unspent paid credit back; the server decides what is refundable and says why when it refuses. */
export function RefundForm({ refundable, refundableValue }: { refundable: string; refundableValue: string }) {
  const t = useTranslations("billing.refund");
  const common = useTranslations("common");
  const router = useRouter();
  const toast = useToast();
  const [amount, setAmount] = useState("");
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [isSubmitting, setIsSubmitting] = useState(false);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setError(null);
    setIsSubmitting(true);
    try {
      const response = await fetch("/api/billing/refunds", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ amount: amount.trim(), reason: reason.trim() || undefined }),
      });
      const body = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
      if (!response.ok) {
        setError(body.error?.message ?? common("unknownError"));
        return;
      }
      setAmount("");
      setReason("");
      toast.show({ message: t("submitted") });
      router.refresh();
    } catch {
      setError(common("networkError"));
    } finally {
      setIsSubmitting(false);
    }
  }

  return (
    <form method={SCRIPT_FORM_METHOD} onSubmit={submit} className="space-y-3" noValidate>
      <Field
        id="refund-amount"
        label={t("amount")}
        action={
          refundableValue !== "0" ? (
            <button type="button" className="text-xs font-medium text-brand-600 hover:underline dark:text-brand-400" onClick={() => setAmount(refundableValue)}>
              {t("all")} ({refundable})
            </button>
          ) : undefined
        }
      >
        <Input inputMode="decimal" autoComplete="off" placeholder="10.00" value={amount} onChange={(e) => setAmount(e.target.value)} />
      </Field>
      <Field id="refund-reason" label={t("reason")}>
        <Textarea maxLength={500} placeholder={t("reasonPlaceholder")} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
      {error && <Alert tone="danger">{error}</Alert>}
      <Button type="submit" variant="outline" isLoading={isSubmitting} disabled={!amount.trim()}>
        {t("submit")}
      </Button>
    </form>
  );
}
