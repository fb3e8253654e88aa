"use client";

import { useId, useState } from "react";
import { useTranslations } from "next-intl";
import { fieldError, requestJson } from "@/components/data-table/request-json";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input, Select, Textarea } from "@/components/ui/input";
import type { AdminChannel } from "@/lib/admin/list-channels-with-health";
import { CHANNEL_LIMITS } from "@/lib/channels/types";
import { MODEL_ID } from "@/lib/keys/model-id";
import { type ModelSource, UpstreamModelPicker } from "./upstream-model-picker";

type MappingRow = { id: number; from: string; to: string };

const TYPES = ["openai", "anthropic", "gemini"] as const;

function splitList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((part) => part.trim())
    .filter(Boolean);
}

/** The secrets field: one key per line. */
function secretLines(text: string): string[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
}

/**
 * Create or edit a channel. Secrets are write-only: when editing, the field starts empty and the saved ones are
 * shown by their hints; leaving it empty keeps them, typing replaces them all.
 */
export function ChannelFormDialog({
  editing,
  catalogModels,
  onClose,
  onSaved,
}: {
  editing: AdminChannel | null;
  catalogModels: string[];
  onClose: () => void;
  onSaved: (name: string, isNew: boolean) => void;
}) {
  const t = useTranslations("admin-channels");
  const tc = useTranslations("common");
  const id = useId();
  const [name, setName] = useState(editing?.name ?? "");
  const [type, setType] = useState<(typeof TYPES)[number]>(editing?.type ?? "openai");
  const [baseUrl, setBaseUrl] = useState(editing?.baseUrl ?? "");
  const [secrets, setSecrets] = useState("");
  const [models, setModels] = useState(editing?.models.join("\n") ?? "");
  const [mapping, setMapping] = useState<MappingRow[]>(() => Object.entries(editing?.modelMapping ?? {}).map(([from, to], index) => ({ id: index, from, to })));
  const [priority, setPriority] = useState(String(editing?.priority ?? 0));
  const [weight, setWeight] = useState(String(editing?.weight ?? 1));
  const [timeoutS, setTimeoutS] = useState(String((editing?.timeoutMs ?? 120_000) / 1000));
  const [costPercent, setCostPercent] = useState(String((editing?.costRatioPpm ?? 1_000_000) / 10_000));
  const [supportsResponses, setSupportsResponses] = useState(editing?.supportsResponses ?? false);
  const [isEnabled, setIsEnabled] = useState(editing?.isEnabled ?? true);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [isSaving, setIsSaving] = useState(false);

  const modelList = splitList(models);
  const unknownModels = modelList.filter((m) => !catalogModels.includes(m));

  /** A typed key lists with the form's URL; without one, an edited channel lists with its saved URL and key. */
  const modelSource = (): ModelSource => {
    const [secret] = secretLines(secrets);
    if (!secret && editing) return { channelId: editing.id };
    if (!baseUrl.trim()) return t("form.errors.baseUrl");
    if (!secret) return t("form.upstream.needKey");
    return { type, baseUrl: baseUrl.trim(), secret };
  };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const local: Record<string, string> = {};
    if (!name.trim()) local.name = t("form.errors.name");
    else if (name.trim().length > CHANNEL_LIMITS.nameLength) local.name = t("form.errors.nameTooLong");
    if (!baseUrl.trim()) local.baseUrl = t("form.errors.baseUrl");
    const secretList = secretLines(secrets);
    if (!editing && secretList.length === 0) local.secrets = t("form.errors.secrets");
    else if (secretList.length > CHANNEL_LIMITS.secrets || secretList.some((secret) => secret.length > CHANNEL_LIMITS.secretLength)) local.secrets = t("form.errors.secretsTooMany");
    if (modelList.length === 0) local.models = t("form.errors.models");
    else if (modelList.length > CHANNEL_LIMITS.models || !modelList.every((model) => MODEL_ID.test(model))) local.models = t("form.errors.modelIds");
    const numbers = { priority: Number(priority), weight: Number(weight), timeoutMs: Math.round(Number(timeoutS) * 1000), costRatioPpm: Math.round(Number(costPercent) * 10_000) };
    // the same ranges as the server, in this form's units (seconds, percent); an empty field is not 0
    const isIn = (value: number, { min, max }: { min: number; max: number }) => Number.isFinite(value) && value >= min && value <= max;
    if (!priority.trim() || !Number.isInteger(numbers.priority) || !isIn(numbers.priority, CHANNEL_LIMITS.priority)) local.priority = t("form.errors.priority");
    if (!weight.trim() || !Number.isInteger(numbers.weight) || !isIn(numbers.weight, CHANNEL_LIMITS.weight)) local.weight = t("form.errors.weight");
    if (!timeoutS.trim() || !isIn(numbers.timeoutMs, CHANNEL_LIMITS.timeoutMs)) local.timeoutMs = t("form.errors.timeout");
    if (!costPercent.trim() || !isIn(numbers.costRatioPpm, CHANNEL_LIMITS.costRatioPpm)) local.costRatioPpm = t("form.errors.costRatio");
    const modelMapping: Record<string, string> = {};
    for (const row of mapping) {
      if (!row.from.trim() && !row.to.trim()) continue;
      if (!row.from.trim() || !row.to.trim()) local.modelMapping = t("form.errors.mapping");
      else if (!MODEL_ID.test(row.from.trim()) || !MODEL_ID.test(row.to.trim())) local.modelMapping = t("form.errors.mappingIds");
      else modelMapping[row.from.trim()] = row.to.trim();
    }
    setErrors(local);
    setFormError(null);
    if (Object.keys(local).length > 0) return;
    const body = {
      name: name.trim(),
      type,
      baseUrl: baseUrl.trim(),
      ...(secretList.length ? { secrets: secretList } : {}),
      models: modelList,
      modelMapping,
      ...numbers,
      supportsResponses,
      isEnabled,
    };
    setIsSaving(true);
    const result = editing ? await requestJson("PATCH", `/api/admin/channels/${editing.id}`, body) : await requestJson("POST", "/api/admin/channels", body);
    setIsSaving(false);
    if (result.ok) return onSaved(body.name, !editing);
    setErrors(result.fieldErrors);
    // a field error shows under its field; the summary would repeat it with the API's field name
    setFormError(Object.keys(result.fieldErrors).length > 0 ? null : (result.message ?? tc("networkError")));
  };

  const err = (field: string) => errors[field] ?? fieldError(errors, field);

  return (
    <Dialog
      isOpen
      onClose={onClose}
      title={editing ? t("form.editTitle", { name: editing.name }) : t("form.newTitle")}
      description={t("form.description")}
      className="max-w-2xl"
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            {tc("cancel")}
          </Button>
          <Button type="submit" form={`${id}-form`} isLoading={isSaving} data-testid="channel-save">
            {editing ? tc("save") : t("form.create")}
          </Button>
        </>
      }
    >
      <form method="post" id={`${id}-form`} onSubmit={submit} className="grid max-h-[65vh] gap-4 overflow-y-auto pr-1 sm:grid-cols-2" noValidate>
        {formError && (
          <Alert tone="danger" className="sm:col-span-2">
            {formError}
          </Alert>
        )}
        <Field id={`${id}-name`} label={t("form.name")} error={err("name")}>
          <Input name="name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" maxLength={CHANNEL_LIMITS.nameLength} />
        </Field>
        <Field id={`${id}-type`} label={t("form.type")} hint={t(`form.typeHints.${type}`)}>
          <Select name="type" value={type} onChange={(e) => setType(e.target.value as (typeof TYPES)[number])}>
            {TYPES.map((value) => (
              <option key={value} value={value}>
                {t(`types.${value}`)}
              </option>
            ))}
          </Select>
        </Field>
        <Field id={`${id}-baseUrl`} label={t("form.baseUrl")} hint={t(`form.baseUrlHints.${type}`)} error={err("baseUrl")} className="sm:col-span-2">
          <Input name="baseUrl" value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} placeholder={t(`form.baseUrlPlaceholders.${type}`)} inputMode="url" autoComplete="off" />
        </Field>
        <Field
          id={`${id}-secrets`}
          label={t("form.secrets")}
          hint={editing ? t("form.secretsKeep", { hints: editing.secretHints.join(", ") || "—", count: editing.secretHints.length }) : t("form.secretsHint")}
          error={err("secrets")}
          className="sm:col-span-2"
        >
          <Textarea name="secrets" value={secrets} onChange={(e) => setSecrets(e.target.value)} rows={2} autoComplete="off" spellCheck={false} className="font-mono text-xs" />
        </Field>
        <Field
          id={`${id}-models`}
          label={t("form.models")}
          hint={unknownModels.length ? t("form.unknownModels", { models: unknownModels.slice(0, 5).join(", ") }) : t("form.modelsHint")}
          error={err("models")}
          className="sm:col-span-2"
        >
          <Textarea name="models" value={models} onChange={(e) => setModels(e.target.value)} rows={3} spellCheck={false} className="font-mono text-xs" />
        </Field>
        <div className="-mt-2 sm:col-span-2">
          <UpstreamModelPicker source={modelSource} selected={modelList} onChange={(next) => setModels(next.join("\n"))} />
        </div>

        <fieldset className="space-y-2 sm:col-span-2">
          <legend className="text-sm font-medium text-zinc-900 dark:text-zinc-100">{t("form.mapping")}</legend>
          <p className="text-xs text-zinc-500 dark:text-zinc-400">{t("form.mappingHint")}</p>
          {mapping.map((row, index) => (
            <div key={row.id} className="flex items-center gap-2">
              <Input
                aria-label={t("form.mappingFrom", { index: index + 1 })}
                value={row.from}
                onChange={(e) => setMapping((rows) => rows.map((r) => (r.id === row.id ? { ...r, from: e.target.value } : r)))}
                placeholder={modelList[0] ?? "gpt-4o"}
                className="font-mono text-xs"
                list={`${id}-models-list`}
              />
              <span aria-hidden className="text-zinc-400">
                →
              </span>
              <Input
                aria-label={t("form.mappingTo", { index: index + 1 })}
                value={row.to}
                onChange={(e) => setMapping((rows) => rows.map((r) => (r.id === row.id ? { ...r, to: e.target.value } : r)))}
                placeholder={t("form.mappingToPlaceholder")}
                className="font-mono text-xs"
              />
              <Button variant="ghost" size="sm" onClick={() => setMapping((rows) => rows.filter((r) => r.id !== row.id))} aria-label={t("form.mappingRemove", { index: index + 1 })}>
                ✕
              </Button>
            </div>
          ))}
          {err("modelMapping") && <p className="text-xs font-medium text-red-600 dark:text-red-400">{err("modelMapping")}</p>}
          <Button variant="outline" size="sm" onClick={() => setMapping((rows) => [...rows, { id: Date.now(), from: "", to: "" }])}>
            {t("form.mappingAdd")}
          </Button>
          <datalist id={`${id}-models-list`}>
            {[...new Set([...modelList, ...catalogModels])].map((m) => (
              <option key={m} value={m} />
            ))}
          </datalist>
        </fieldset>

        <Field id={`${id}-priority`} label={t("form.priority")} hint={t("form.priorityHint")} error={err("priority")}>
          <Input name="priority" type="number" value={priority} onChange={(e) => setPriority(e.target.value)} step={1} />
        </Field>
        <Field id={`${id}-weight`} label={t("form.weight")} hint={t("form.weightHint")} error={err("weight")}>
          <Input name="weight" type="number" value={weight} onChange={(e) => setWeight(e.target.value)} min={0} step={1} />
        </Field>
        <Field id={`${id}-timeout`} label={t("form.timeout")} error={err("timeoutMs")}>
          <Input name="timeout" type="number" value={timeoutS} onChange={(e) => setTimeoutS(e.target.value)} min={1} step={1} />
        </Field>
        <Field id={`${id}-cost`} label={t("form.costRatio")} hint={t("form.costRatioHint")} error={err("costRatioPpm")}>
          <Input name="costRatio" type="number" value={costPercent} onChange={(e) => setCostPercent(e.target.value)} min={0} step={0.1} />
        </Field>
        <label className="flex items-center gap-2 text-sm sm:col-span-2">
          <input type="checkbox" checked={supportsResponses} onChange={(e) => setSupportsResponses(e.target.checked)} className="size-4 accent-brand-600" />
          {t("form.supportsResponses")}
        </label>
        <label className="flex items-center gap-2 text-sm sm:col-span-2">
          <input type="checkbox" checked={isEnabled} onChange={(e) => setIsEnabled(e.target.checked)} className="size-4 accent-brand-600" />
          {t("form.enabled")}
        </label>
      </form>
    </Dialog>
  );
}
