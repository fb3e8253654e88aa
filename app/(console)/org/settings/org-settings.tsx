"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { requestJson } from "@/components/data-table/request-json";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { SCRIPT_FORM_METHOD } from "@/components/ui/form-method";
import { Input, Select } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";

type Candidate = { id: string; label: string };

/** Rename, transfer ownership, leave and delete, each shown only to the roles that may do it. */
export function OrgSettings({
  orgId,
  orgName,
  isOwner,
  canRename,
  canDelete,
  canTransfer,
  candidates,
}: {
  orgId: string;
  orgName: string;
  isOwner: boolean;
  canRename: boolean;
  canDelete: boolean;
  canTransfer: boolean;
  candidates: Candidate[];
}) {
  const t = useTranslations("orgs.settings");
  const tCommon = useTranslations("common");
  const router = useRouter();
  const toast = useToast();
  const [name, setName] = useState(orgName);
  const [target, setTarget] = useState(candidates[0]?.id ?? "");
  const [confirm, setConfirm] = useState("");
  const [busy, setBusy] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string | null>>({});

  const run = async (action: string, method: "POST" | "PATCH" | "DELETE", url: string, body: unknown, done: string, then: () => void) => {
    setBusy(action);
    setErrors((current) => ({ ...current, [action]: null }));
    const result = await requestJson(method, url, body);
    setBusy(null);
    if (!result.ok) {
      setErrors((current) => ({ ...current, [action]: Object.values(result.fieldErrors)[0] ?? result.message ?? tCommon("networkError") }));
      return;
    }
    toast.show({ message: done });
    then();
  };

  return (
    <div className="grid max-w-3xl gap-6">
      {canRename && (
        <Card>
          <CardHeader>
            <CardTitle>{t("rename")}</CardTitle>
          </CardHeader>
          <CardContent>
            <form method={SCRIPT_FORM_METHOD}
              className="flex flex-col gap-3 sm:flex-row sm:items-start"
              onSubmit={(event) => {
                event.preventDefault();
                void run("rename", "PATCH", `/api/orgs/${orgId}`, { name }, t("renamed"), () => router.refresh());
              }}
            >
              <Field id="org-rename" label={t("rename")} error={errors.rename} className="flex-1">
                <Input value={name} onChange={(event) => setName(event.target.value)} maxLength={60} />
              </Field>
              <Button type="submit" variant="outline" className="sm:mt-6" isLoading={busy === "rename"}>
                {t("renameSubmit")}
              </Button>
            </form>
          </CardContent>
        </Card>
      )}

      {canTransfer && (
        <Card>
          <CardHeader>
            <CardTitle>{t("transferTitle")}</CardTitle>
            <CardDescription>{t("transferBody")}</CardDescription>
          </CardHeader>
          <CardContent>
            {candidates.length === 0 ? (
              <p className="text-sm text-zinc-500 dark:text-zinc-400">{t("noOneToTransfer")}</p>
            ) : (
              <div className="flex flex-col gap-3 sm:flex-row sm:items-start">
                <Field id="org-transfer" label={t("transferTo")} error={errors.transfer} className="flex-1">
                  <Select value={target} onChange={(event) => setTarget(event.target.value)}>
                    {candidates.map((candidate) => (
                      <option key={candidate.id} value={candidate.id}>
                        {candidate.label}
                      </option>
                    ))}
                  </Select>
                </Field>
                <Button variant="outline" className="sm:mt-6" isLoading={busy === "transfer"} onClick={() => void run("transfer", "POST", `/api/orgs/${orgId}/transfer`, { membershipId: target }, t("transferred"), () => router.refresh())}>
                  {t("transferSubmit")}
                </Button>
              </div>
            )}
          </CardContent>
        </Card>
      )}

      <Card>
        <CardHeader>
          <CardTitle>{t("leaveTitle")}</CardTitle>
          <CardDescription>{isOwner ? t("ownerCannotLeave") : t("leaveBody")}</CardDescription>
        </CardHeader>
        <CardContent className="space-y-3">
          {errors.leave && <Alert tone="danger">{errors.leave}</Alert>}
          <Button variant="outline" disabled={isOwner} isLoading={busy === "leave"} onClick={() => void run("leave", "POST", `/api/orgs/${orgId}/leave`, {}, t("leaveSubmit"), () => { router.push("/org"); router.refresh(); })}>
            {t("leaveSubmit")}
          </Button>
        </CardContent>
      </Card>

      {canDelete && (
        <Card className="border-red-200 dark:border-red-900/60">
          <CardHeader>
            <CardTitle className="text-red-700 dark:text-red-400">{t("deleteTitle")}</CardTitle>
            <CardDescription>{t("deleteBody")}</CardDescription>
          </CardHeader>
          <CardContent>
            <div className="flex flex-col gap-3 sm:flex-row sm:items-start">
              <Field id="org-delete" label={t("deleteConfirm")} error={errors.delete} className="flex-1">
                <Input value={confirm} onChange={(event) => setConfirm(event.target.value)} placeholder={orgName} autoComplete="off" />
              </Field>
              <Button
                variant="danger"
                className="sm:mt-6"
                disabled={confirm.trim() !== orgName}
                isLoading={busy === "delete"}
                onClick={() => void run("delete", "DELETE", `/api/orgs/${orgId}`, { confirmName: confirm }, t("deleted"), () => { router.push("/org"); router.refresh(); })}
              >
                {t("deleteSubmit")}
              </Button>
            </div>
          </CardContent>
        </Card>
      )}
    </div>
  );
}
