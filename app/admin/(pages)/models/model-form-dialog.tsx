"use client";

import { useState } from "react";
import { useTranslations } from "next-intl";
import { requestJson } from "@/components/data-table/request-json";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import type { AdminModel } from "@/lib/admin/catalog";

const KINDS = ["chat", "embedding", "image"] as const;
const MODALITIES = ["text", "image", "audio", "video", "file"] as const;

/** Add a model to the catalog or change one (its id is fixed once created; prices are set separately). */
export function ModelFormDialog({ editing, onClose, onSaved }: { editing: AdminModel | null; onClose: () => void; onSaved: (id: string) => void }) {
  const t = useTranslations("admin-models");
  const tc = useTranslations("common");
  const [id, setId] = useState(editing?.id ?? "");
  const [vendor, setVendor] = useState(editing?.vendor ?? "");
  const [displayName, setDisplayName] = useState(editing?.displayName ?? "");
  const [kind, setKind] = useState<(typeof KINDS)[number]>(editing?.kind ?? "chat");
  const [contextWindow, setContextWindow] = useState(String(editing?.contextWindow ?? 128_000));
  const [maxOutput, setMaxOutput] = useState(String(editing?.maxOutputTokens ?? 8_192));
  const [modalities, setModalities] = useState<string[]>(editing?.modalities ?? ["text"]);
  const [isVisible, setIsVisible] = useState(editing?.isVisible ?? true);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [isSaving, setIsSaving] = useState(false);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const local: Record<string, string> = {};
    if (!/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/.test(id.trim())) local.id = t("errors.modelId");
    if (!vendor.trim()) local.vendor = t("errors.vendor");
    if (!Number.isInteger(Number(contextWindow)) || Number(contextWindow) <= 0) local.contextWindow = t("errors.positive");
    if (!Number.isInteger(Number(maxOutput)) || Number(maxOutput) < 0) local.maxOutputTokens = t("errors.positive");
    if (modalities.length === 0) local.modalities = t("errors.modalities");
    setErrors(local);
    setFormError(null);
    if (Object.keys(local).length) return;
    setIsSaving(true);
    const result = await requestJson("POST", "/api/admin/models", {
      id: id.trim(),
      vendor: vendor.trim(),
      displayName: displayName.trim() || null,
      kind,
      contextWindow: Number(contextWindow),
      maxOutputTokens: Number(maxOutput),
      modalities,
      isVisible,
      isNew: !editing,
    });
    setIsSaving(false);
    if (result.ok) return onSaved(id.trim());
    setErrors(result.fieldErrors);
    setFormError(result.message ?? tc("networkError"));
  };

  return (
    <Dialog
      isOpen
      onClose={onClose}
      title={editing ? t("modelForm.editTitle", { model: editing.id }) : t("modelForm.newTitle")}
      description={t("modelForm.description")}
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            {tc("cancel")}
          </Button>
          <Button type="submit" form="model-form" isLoading={isSaving}>
            {tc("save")}
          </Button>
        </>
      }
    >
      <form method="post" id="model-form" onSubmit={submit} className="grid gap-4 sm:grid-cols-2" noValidate>
        {formError && (
          <Alert tone="danger" className="sm:col-span-2">
            {formError}
          </Alert>
        )}
        <Field id="model-id" label={t("modelForm.id")} error={errors.id} hint={editing ? t("modelForm.idFixed") : undefined}>
          <Input value={id} onChange={(e) => setId(e.target.value)} readOnly={editing !== null} className="font-mono" autoComplete="off" />
        </Field>
        <Field id="model-vendor" label={t("modelForm.vendor")} error={errors.vendor}>
          <Input value={vendor} onChange={(e) => setVendor(e.target.value)} placeholder="openai" />
        </Field>
        <Field id="model-display" label={t("modelForm.displayName")}>
          <Input value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
        </Field>
        <Field id="model-kind" label={t("modelForm.kind")}>
          <Select value={kind} onChange={(e) => setKind(e.target.value as (typeof KINDS)[number])}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`kinds.${k}`)}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="model-context" label={t("modelForm.contextWindow")} error={errors.contextWindow}>
          <Input type="number" value={contextWindow} onChange={(e) => setContextWindow(e.target.value)} min={1} />
        </Field>
        <Field id="model-max-output" label={t("modelForm.maxOutput")} error={errors.maxOutputTokens}>
          <Input type="number" value={maxOutput} onChange={(e) => setMaxOutput(e.target.value)} min={0} />
        </Field>
        <fieldset className="sm:col-span-2">
          <legend className="mb-1.5 text-sm font-medium">{t("modelForm.modalities")}</legend>
          <div className="flex flex-wrap gap-4">
            {MODALITIES.map((m) => (
              <label key={m} className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  className="size-4 accent-brand-600"
                  checked={modalities.includes(m)}
                  onChange={(e) => setModalities((list) => (e.target.checked ? [...list, m] : list.filter((x) => x !== m)))}
                />
                {t(`modalities.${m}`)}
              </label>
            ))}
          </div>
          {errors.modalities && <p className="mt-1 text-xs font-medium text-red-600 dark:text-red-400">{errors.modalities}</p>}
        </fieldset>
        <div className="sm:col-span-2">
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" className="size-4 accent-brand-600" checked={isVisible} onChange={(e) => setIsVisible(e.target.checked)} aria-describedby="model-visible-hint" />
            {t("modelForm.visible")}
          </label>
          <p id="model-visible-hint" className="mt-1 ml-6 text-xs text-zinc-500 dark:text-zinc-400">
            {t("modelForm.visibleHint")}
          </p>
        </div>
      </form>
    </Dialog>
  );
}
