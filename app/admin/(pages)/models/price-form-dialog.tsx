"use client";

import { useState } from "react";
import { useTranslations } from "next-intl";
import { requestJson } from "@/components/data-table/request-json";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { AdminModel } from "@/lib/admin/catalog";
import { microsToInput, usdInputError } from "../../_components/money";

type PriceField = "inputPerM" | "outputPerM" | "cacheReadPerM" | "cacheWritePerM" | "perImage";

/**
 * A new price version for a model: in force now (requests that start after saving pay it) or from a later time.
 * Versions are never edited, so every past request keeps the price it started with.
 */
export function PriceFormDialog({ model, onClose, onSaved }: { model: AdminModel; onClose: () => void; onSaved: (isScheduled: boolean) => void }) {
  const t = useTranslations("admin-models");
  const tc = useTranslations("common");
  const [values, setValues] = useState<Record<PriceField, string>>({
    inputPerM: microsToInput(model.price?.inputPerM ?? null),
    outputPerM: microsToInput(model.price?.outputPerM ?? null),
    cacheReadPerM: microsToInput(model.price?.cacheReadPerM ?? null),
    cacheWritePerM: microsToInput(model.price?.cacheWritePerM ?? null),
    perImage: microsToInput(model.price?.perImage ?? null),
  });
  const [when, setWhen] = useState<"now" | "later">("now");
  const [effectiveFrom, setEffectiveFrom] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [isSaving, setIsSaving] = useState(false);

  const fields: { name: PriceField; isRequired: boolean; hint?: string }[] = [
    { name: "inputPerM", isRequired: true },
    { name: "outputPerM", isRequired: true },
    { name: "cacheReadPerM", isRequired: false, hint: t("priceForm.optionalHint") },
    { name: "cacheWritePerM", isRequired: false, hint: t("priceForm.optionalHint") },
    ...(model.kind === "image" ? [{ name: "perImage" as const, isRequired: false }] : []),
  ];

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const local: Record<string, string> = {};
    for (const field of fields) {
      const value = values[field.name].trim();
      if (!value && field.isRequired) local[field.name] = t("errors.required");
      const amountError = value ? usdInputError(value) : null;
      if (amountError) local[field.name] = t(`errors.${amountError.key}`, { max: amountError.max });
    }
    let from: string | undefined;
    if (when === "later") {
      const at = new Date(effectiveFrom);
      if (!effectiveFrom || Number.isNaN(at.getTime())) local.effectiveFrom = t("errors.date");
      else if (at.getTime() <= Date.now()) local.effectiveFrom = t("errors.future");
      else from = at.toISOString();
    }
    setErrors(local);
    setFormError(null);
    if (Object.keys(local).length) return;
    setIsSaving(true);
    const body: Record<string, string | null> = {};
    for (const field of fields) body[field.name] = values[field.name].trim() || null;
    const result = await requestJson("POST", `/api/admin/models/${encodeURIComponent(model.id)}/prices`, { ...body, ...(from ? { effectiveFrom: from } : {}) });
    setIsSaving(false);
    if (result.ok) return onSaved(from !== undefined);
    setErrors(result.fieldErrors);
    setFormError(result.message ?? tc("networkError"));
  };

  return (
    <Dialog
      isOpen
      onClose={onClose}
      title={t("priceForm.title", { model: model.id })}
      description={t("priceForm.description")}
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            {tc("cancel")}
          </Button>
          <Button type="submit" form="price-form" isLoading={isSaving} data-testid="price-save">
            {t("priceForm.save")}
          </Button>
        </>
      }
    >
      <form method="post" id="price-form" onSubmit={submit} className="grid gap-4 sm:grid-cols-2" noValidate>
        {formError && (
          <Alert tone="danger" className="sm:col-span-2">
            {formError}
          </Alert>
        )}
        {fields.map((field) => (
          <Field key={field.name} id={`price-${field.name}`} label={t(`priceForm.${field.name}`)} hint={field.hint} error={errors[field.name]}>
            <Input
              name={field.name}
              value={values[field.name]}
              onChange={(e) => setValues((v) => ({ ...v, [field.name]: e.target.value }))}
              inputMode="decimal"
              placeholder="0.00"
              className="tabular-nums"
              autoComplete="off"
            />
          </Field>
        ))}
        <fieldset className="space-y-2 sm:col-span-2">
          <legend className="text-sm font-medium">{t("priceForm.when")}</legend>
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name="when" checked={when === "now"} onChange={() => setWhen("now")} className="size-4 accent-brand-600" />
            {t("priceForm.now")}
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name="when" checked={when === "later"} onChange={() => setWhen("later")} className="size-4 accent-brand-600" />
            {t("priceForm.later")}
          </label>
          {when === "later" && (
            <Field id="price-effective" label={t("priceForm.effectiveFrom")} error={errors.effectiveFrom}>
              <Input type="datetime-local" value={effectiveFrom} onChange={(e) => setEffectiveFrom(e.target.value)} />
            </Field>
          )}
        </fieldset>
      </form>
    </Dialog>
  );
}
