"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { requestJson } from "@/components/data-table/request-json";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { SCRIPT_FORM_METHOD } from "@/components/ui/form-method";
import { Input } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";

/** Create an organization; the console switches to it. */
export function CreateOrgForm() {
  const t = useTranslations("orgs.create");
  const tCommon = useTranslations("common");
  const router = useRouter();
  const toast = useToast();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [isSubmitting, setIsSubmitting] = useState(false);

  const onSubmit = async (event: React.FormEvent) => {
    event.preventDefault();
    setIsSubmitting(true);
    setError(null);
    setFormError(null);
    const result = await requestJson<{ organization: { name: string } }>("POST", "/api/orgs", { name });
    setIsSubmitting(false);
    if (!result.ok) {
      if (result.fieldErrors.name) setError(result.fieldErrors.name);
      else setFormError(result.message ?? tCommon("networkError"));
      return;
    }
    setName("");
    toast.show({ message: t("created", { name: result.data.organization.name }) });
    router.push("/org");
    router.refresh();
  };

  return (
    <form method={SCRIPT_FORM_METHOD} onSubmit={onSubmit} noValidate className="space-y-3">
      {formError && <Alert tone="danger">{formError}</Alert>}
      <Field id="org-name" label={t("name")} error={error}>
        <Input name="orgName" value={name} onChange={(event) => setName(event.target.value)} placeholder={t("namePlaceholder")} maxLength={60} />
      </Field>
      <Button type="submit" isLoading={isSubmitting} data-testid="create-org">
        {isSubmitting ? t("submitting") : t("submit")}
      </Button>
    </form>
  );
}
