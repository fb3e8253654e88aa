"use client";

import { useId, useState } from "react";
import { useTranslations } from "next-intl";
import { fieldError, requestJson } from "@/components/data-table/request-json";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { formatUsdExact } from "@/lib/money";
import type { ApiKeySummary } from "@/lib/keys/list-api-keys";

export type CreatedSecret = { id: string; secret: string; prefix: string; last4: string };

type FormState = {
  name: string;
  creditCap: string;
  allowedModels: string[];
  modelDraft: string;
  expires: string;
  ips: string;
  rpm: string;
  concurrency: string;
};

/** yyyy-mm-dd of an instant in the browser's time zone (what <input type="date"> shows). */
function localDate(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The last millisecond of a local calendar day: a key "expiring on the 5th" works all through the 5th. */
function endOfLocalDay(date: string): string {
  const [year, month, day] = date.split("-").map(Number);
  return new Date(year, month - 1, day, 23, 59, 59, 999).toISOString();
}

function initialState(key: ApiKeySummary | null): FormState {
  if (!key) return { name: "", creditCap: "0", allowedModels: [], modelDraft: "", expires: "", ips: "", rpm: "", concurrency: "100" };
  const cap = formatUsdExact(BigInt(key.creditCap)).replace(/\.?0+$/, "");
  return {
    name: key.name,
    creditCap: cap === "" ? "0" : cap,
    allowedModels: key.allowedModels,
    modelDraft: "",
    expires: key.expiresAt ? localDate(key.expiresAt) : "",
    ips: key.allowedIps.join("\n"),
    rpm: key.rpmLimit === null ? "" : String(key.rpmLimit),
    concurrency: String(key.concurrencyLimit),
  };
}

/** Create a key (`key` null) or edit one: every limit, with the server's messages shown next to each field. */
export function KeyFormDialog({
  isOpen,
  onClose,
  editing,
  modelIds,
  onCreated,
  onSaved,
}: {
  isOpen: boolean;
  onClose: () => void;
  editing: ApiKeySummary | null;
  modelIds: string[];
  onCreated: (secret: CreatedSecret) => void;
  onSaved: () => void;
}) {
  const t = useTranslations("keys");
  const tc = useTranslations("common");
  const formId = useId();
  const [form, setForm] = useState<FormState>(() => initialState(editing));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [isSubmitting, setIsSubmitting] = useState(false);
  const set = <K extends keyof FormState>(field: K, value: FormState[K]) => setForm((current) => ({ ...current, [field]: value }));

  const addModel = (raw: string) => {
    const ids = raw.split(/[\s,]+/).map((m) => m.trim()).filter(Boolean);
    if (ids.length === 0) return;
    setForm((current) => ({ ...current, allowedModels: [...new Set([...current.allowedModels, ...ids])], modelDraft: "" }));
  };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setIsSubmitting(true);
    setFormError(null);
    const models = form.modelDraft.trim() ? [...new Set([...form.allowedModels, ...form.modelDraft.split(/[\s,]+/).filter(Boolean)])] : form.allowedModels;
    const isExpiryUnchanged = editing?.expiresAt && form.expires === localDate(editing.expiresAt);
    const body = {
      name: form.name,
      creditCap: form.creditCap.trim() === "" ? "0" : form.creditCap.trim(),
      allowedModels: models,
      allowedIps: form.ips.split(/\r?\n/).map((line) => line.trim()).filter(Boolean),
      expiresAt: form.expires ? (isExpiryUnchanged ? editing.expiresAt : endOfLocalDay(form.expires)) : null,
      rpmLimit: form.rpm.trim() === "" ? null : Number(form.rpm),
      concurrencyLimit: form.concurrency.trim() === "" ? 0 : Number(form.concurrency),
    };
    const result = editing
      ? await requestJson<{ key: ApiKeySummary }>("PATCH", `/api/keys/${editing.id}`, body)
      : await requestJson<{ key: CreatedSecret }>("POST", "/api/keys", body);
    setIsSubmitting(false);
    if (!result.ok) {
      setErrors(result.fieldErrors);
      setFormError(Object.keys(result.fieldErrors).length > 0 ? t("form.fixErrors") : (result.message ?? tc("networkError")));
      return;
    }
    setErrors({});
    if (editing) onSaved();
    else onCreated((result.data as { key: CreatedSecret }).key);
  };

  const error = (field: string) => fieldError(errors, field);
  const id = (field: string) => `${formId}-${field}`;

  return (
    <Dialog
      isOpen={isOpen}
      onClose={onClose}
      title={editing ? t("form.editTitle", { name: editing.name }) : t("form.createTitle")}
      description={editing ? t("form.editDescription") : t("form.createDescription")}
      className="max-h-[calc(100dvh-2rem)] max-w-xl overflow-y-auto"
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            {tc("cancel")}
          </Button>
          <Button type="submit" form={formId} isLoading={isSubmitting}>
            {editing ? t("form.submitEdit") : t("form.submitCreate")}
          </Button>
        </>
      }
    >
      <form method="post" id={formId} onSubmit={submit} noValidate className="space-y-4" data-testid="key-form">
        {formError && <Alert tone="danger">{formError}</Alert>}
        <Field id={id("name")} label={t("form.name")} hint={t("form.nameHint")} error={error("name")}>
          <Input value={form.name} onChange={(e) => set("name", e.target.value)} placeholder={t("form.namePlaceholder")} autoFocus autoComplete="off" />
        </Field>
        <div className="grid gap-4 sm:grid-cols-2">
        <Field id={id("creditCap")} label={t("form.cap")} hint={t("form.capHint")} error={error("creditCap")}>
          <Input value={form.creditCap} onChange={(e) => set("creditCap", e.target.value)} inputMode="decimal" autoComplete="off" />
        </Field>
        <Field id={id("expiresAt")} label={t("form.expires")} hint={t("form.expiresHint")} error={error("expiresAt")}>
          <Input type="date" value={form.expires} onChange={(e) => set("expires", e.target.value)} />
        </Field>
        </div>
        <div className="space-y-1.5">
          <Label htmlFor={id("allowedModels")}>{t("form.models")}</Label>
          <div className="flex gap-2">
            <Input
              id={id("allowedModels")}
              aria-invalid={error("allowedModels") ? true : undefined}
              aria-describedby={`${id("allowedModels")}-${error("allowedModels") ? "error" : "hint"}`}
              list={id("model-options")}
              value={form.modelDraft}
              onChange={(e) => set("modelDraft", e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "Enter" || e.key === ",") {
                  e.preventDefault();
                  addModel(form.modelDraft);
                }
              }}
              placeholder={t("form.modelsPlaceholder")}
              autoComplete="off"
            />
            <Button variant="outline" onClick={() => addModel(form.modelDraft)}>
              {t("form.addModel")}
            </Button>
            <datalist id={id("model-options")}>
              {modelIds.filter((m) => !form.allowedModels.includes(m)).map((m) => (
                <option key={m} value={m} />
              ))}
            </datalist>
          </div>
          {form.allowedModels.length > 0 && (
            <ul className="flex flex-wrap gap-1.5 pt-1">
              {form.allowedModels.map((model, index) => (
                <li
                  key={model}
                  className={
                    errors[`allowedModels.${index}`]
                      ? "inline-flex items-center gap-1 rounded-md bg-red-50 py-0.5 pr-1 pl-2 font-mono text-xs text-red-700 ring-1 ring-red-300 dark:bg-red-500/10 dark:text-red-300 dark:ring-red-500/40"
                      : "inline-flex items-center gap-1 rounded-md bg-zinc-100 py-0.5 pr-1 pl-2 font-mono text-xs text-zinc-700 ring-1 ring-zinc-200 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-700"
                  }
                >
                  {model}
                  <button
                    type="button"
                    onClick={() => set("allowedModels", form.allowedModels.filter((m) => m !== model))}
                    className="rounded p-0.5 hover:bg-zinc-200 focus-visible:outline-2 focus-visible:outline-brand-500 dark:hover:bg-zinc-700"
                    aria-label={t("form.removeModel", { model })}
                  >
                    <svg className="size-3" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.5" strokeLinecap="round" aria-hidden>
                      <path d="M18 6 6 18M6 6l12 12" />
                    </svg>
                  </button>
                </li>
              ))}
            </ul>
          )}
          {error("allowedModels") ? (
            <p id={`${id("allowedModels")}-error`} className="text-xs font-medium text-red-600 dark:text-red-400" data-field-error>
              {error("allowedModels")}
            </p>
          ) : (
            <p id={`${id("allowedModels")}-hint`} className="text-xs text-zinc-500 dark:text-zinc-400">
              {t("form.modelsHint")}
            </p>
          )}
        </div>
        <Field id={id("allowedIps")} label={t("form.ips")} hint={t("form.ipsHint")} error={error("allowedIps")}>
          <Textarea value={form.ips} onChange={(e) => set("ips", e.target.value)} placeholder={t("form.ipsPlaceholder")} rows={2} className="font-mono" spellCheck={false} />
        </Field>
        <fieldset className="grid gap-4 rounded-lg border border-zinc-200 p-4 sm:grid-cols-2 dark:border-zinc-800">
          <legend className="px-1 text-xs font-medium tracking-wide text-zinc-500 uppercase">{t("form.advanced")}</legend>
          <Field id={id("rpmLimit")} label={t("form.rpm")} hint={t("form.rpmHint")} error={error("rpmLimit")}>
            <Input type="number" min={1} step={1} value={form.rpm} onChange={(e) => set("rpm", e.target.value)} />
          </Field>
          <Field id={id("concurrencyLimit")} label={t("form.concurrency")} hint={t("form.concurrencyHint")} error={error("concurrencyLimit")}>
            <Input type="number" min={1} step={1} value={form.concurrency} onChange={(e) => set("concurrency", e.target.value)} />
          </Field>
        </fieldset>
      </form>
    </Dialog>
  );
}
