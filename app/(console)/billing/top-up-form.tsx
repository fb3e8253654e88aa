"use client";

import { useState } from "react";
import { useTranslations } from "next-intl";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Field } from "@/components/ui/field";
import { SCRIPT_FORM_METHOD } from "@/components/ui/form-method";
import { Input } from "@/components/ui/input";
import { formatUsd, readUsdInput } from "@/lib/money";

/** No bound for the button's label: the server names the allowed range when it refuses an amount. */
const ANY_AMOUNT = 10n ** 30n;

export type PresetOption = { value: string; label: string };

/** Preset and custom amounts; the server builds the Checkout Session and we follow its URL. */
export function TopUpForm({ presets, min, max }: { presets: PresetOption[]; min: string; max: string }) {
  const t = useTranslations("billing");
  const common = useTranslations("common");
  const [selected, setSelected] = useState<string | null>(presets[1]?.value ?? presets[0]?.value ?? null);
  const [custom, setCustom] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [isSubmitting, setIsSubmitting] = useState(false);
  const amount = custom.trim() || selected;
  // the button names an amount only once it reads as one, formatted ("$abc" and "$-20" were echoed as typed)
  const typed = custom.trim() ? readUsdInput(custom, { max: ANY_AMOUNT }) : null;
  const label = typed ? (typed.micros !== undefined && typed.micros > 0n ? formatUsd(typed.micros) : undefined) : presets.find((p) => p.value === selected)?.label;

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (!amount) {
      setError(t("errors.chooseAmount"));
      return;
    }
    setError(null);
    setIsSubmitting(true);
    try {
      const response = await fetch("/api/billing/top-ups", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ amount }),
      });
      const body = (await response.json().catch(() => ({}))) as { checkoutUrl?: string; error?: { message?: string } };
      if (!response.ok || !body.checkoutUrl) {
        setError(body.error?.message ?? common("unknownError"));
        setIsSubmitting(false);
        return;
      }
      window.location.assign(body.checkoutUrl);
    } catch {
      setError(common("networkError"));
      setIsSubmitting(false);
    }
  }

  return (
    <form method={SCRIPT_FORM_METHOD} onSubmit={submit} className="space-y-4" noValidate>
      <fieldset>
        <legend className="mb-2 text-sm font-medium text-zinc-900 dark:text-zinc-100">{t("topUp.presets")}</legend>
        <div className="grid grid-cols-2 gap-2 sm:grid-cols-4" role="radiogroup">
          {presets.map((preset) => {
            const isActive = !custom.trim() && selected === preset.value;
            return (
              <button
                key={preset.value}
                type="button"
                role="radio"
                aria-checked={isActive}
                onClick={() => {
                  setSelected(preset.value);
                  setCustom("");
                  setError(null);
                }}
                className={cn(
                  "h-12 rounded-lg border text-base font-semibold tabular-nums transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500",
                  isActive
                    ? "border-brand-500 bg-brand-50 text-brand-700 ring-1 ring-brand-500 dark:border-brand-400 dark:bg-brand-500/15 dark:text-brand-200 dark:ring-brand-400"
                    : "border-zinc-300 bg-white text-zinc-800 hover:border-zinc-400 hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800",
                )}
              >
                {preset.label}
              </button>
            );
          })}
        </div>
      </fieldset>
      <Field id="topup-custom" label={t("topUp.custom")} hint={t("topUp.customHint", { min, max })}>
        <Input
          inputMode="decimal"
          autoComplete="off"
          placeholder="25.00"
          value={custom}
          onChange={(event) => {
            setCustom(event.target.value);
            setError(null);
          }}
        />
      </Field>
      {error && <Alert tone="danger">{error}</Alert>}
      <Button type="submit" size="lg" className="w-full" isLoading={isSubmitting} data-testid="topup-submit">
        {isSubmitting ? t("topUp.redirecting") : label ? t("topUp.submit", { amount: label }) : t("topUp.submitNoAmount")}
      </Button>
      <p className="text-center text-xs text-zinc-500 dark:text-zinc-400">{t("topUp.secure")}</p>
    </form>
  );
}
