"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useFormatter, useTranslations } from "next-intl";
import { requestJson } from "@/components/data-table/request-json";
import { Alert } from "@/components/ui/alert";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { Field } from "@/components/ui/field";
import { SCRIPT_FORM_METHOD } from "@/components/ui/form-method";
import { Input, Select } from "@/components/ui/input";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { useToast } from "@/components/ui/toast";
import { cn } from "@/components/ui/cn";
import type { InvitationSummary } from "@/lib/orgs/invitations/list-invitations";
import { AssignableRoleOptions } from "./role-options";
import { OrgEmptyNote } from "../org-section";

const STATUS_TONES: Record<InvitationSummary["status"], BadgeTone> = { pending: "info", used: "success", expired: "neutral", revoked: "neutral" };

/** Invite by email or create a shareable link; the recent invitations with revoke for pending ones. */
export function InvitePanel({ orgId, invitations }: { orgId: string; invitations: InvitationSummary[] }) {
  const t = useTranslations("orgs");
  const tCommon = useTranslations("common");
  const format = useFormatter();
  const router = useRouter();
  const toast = useToast();
  const [kind, setKind] = useState<"email" | "link">("email");
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<string>("member");
  const [maxUses, setMaxUses] = useState("5");
  const [days, setDays] = useState("7");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [link, setLink] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setIsBusy(true);
    setErrors({});
    setFormError(null);
    setLink(null);
    const expiresInDays = Number(days);
    const body = kind === "email" ? { kind, email, role, expiresInDays } : { kind, role, maxUses: Number(maxUses), expiresInDays };
    const result = await requestJson<{ invitation: { url: string } }>("POST", `/api/orgs/${orgId}/invitations`, body);
    setIsBusy(false);
    if (!result.ok) {
      setErrors(result.fieldErrors);
      if (Object.keys(result.fieldErrors).length === 0) setFormError(result.message ?? tCommon("networkError"));
      return;
    }
    if (kind === "email") {
      toast.show({ message: t("invite.sent", { email }) });
      setEmail("");
    } else {
      setLink(result.data.invitation.url);
    }
    router.refresh();
  };

  const revoke = async (id: string) => {
    const result = await requestJson("DELETE", `/api/orgs/${orgId}/invitations/${id}`);
    if (result.ok) {
      toast.show({ message: t("invitations.revoked") });
      router.refresh();
    }
  };
  /** in its own column from sm up, under the invitation on a phone */
  const revokeButton = (id: string) => (
    <Button variant="ghost" size="sm" onClick={() => void revoke(id)}>
      {t("invitations.revoke")}
    </Button>
  );

  return (
    <div className="grid gap-6 xl:grid-cols-[18rem_minmax(0,1fr)]">
      <Card className="xl:self-start">
        <CardHeader>
          <CardTitle>{t("invite.title")}</CardTitle>
          <CardDescription>{t("invite.description")}</CardDescription>
        </CardHeader>
        <CardContent>
          <div role="radiogroup" className="mb-4 inline-flex rounded-lg border border-zinc-200 p-0.5 dark:border-zinc-800">
            {(["email", "link"] as const).map((option) => (
              <button
                key={option}
                type="button"
                role="radio"
                aria-checked={kind === option}
                onClick={() => setKind(option)}
                className={cn(
                  "rounded-md px-3 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-brand-500",
                  kind === option ? "bg-zinc-900 text-white dark:bg-white dark:text-zinc-900" : "text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100",
                )}
              >
                {option === "email" ? t("invite.byEmail") : t("invite.byLink")}
              </button>
            ))}
          </div>
          <form method={SCRIPT_FORM_METHOD} onSubmit={submit} noValidate className="space-y-4">
            {formError && <Alert tone="danger">{formError}</Alert>}
            {kind === "email" && (
              <Field id="invite-email" label={t("invite.email")} error={errors.email}>
                <Input name="inviteEmail" type="email" value={email} onChange={(event) => setEmail(event.target.value)} autoComplete="off" />
              </Field>
            )}
            {/* side by side where the panel is full width; stacked in the narrow column beside the invitations (lg+) */}
            <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-1">
              <Field id="invite-role" label={t("invite.role")} error={errors.role}>
                <Select name="inviteRole" value={role} onChange={(event) => setRole(event.target.value)}>
                  <AssignableRoleOptions />
                </Select>
              </Field>
              <Field id="invite-days" label={t("invite.expiresInDays")} error={errors.expiresInDays}>
                <Input type="number" min={1} max={30} value={days} onChange={(event) => setDays(event.target.value)} />
              </Field>
            </div>
            {kind === "link" && (
              <Field id="invite-uses" label={t("invite.maxUses")} error={errors.maxUses}>
                <Input type="number" min={1} max={100} value={maxUses} onChange={(event) => setMaxUses(event.target.value)} />
              </Field>
            )}
            <Button type="submit" isLoading={isBusy} data-testid="invite-submit">
              {kind === "email" ? (isBusy ? t("invite.sending") : t("invite.send")) : t("invite.createLink")}
            </Button>
            {link && (
              <div className="space-y-2 rounded-lg border border-brand-200 bg-brand-50 p-3 dark:border-brand-500/30 dark:bg-brand-500/10">
                <p className="text-sm font-medium text-zinc-900 dark:text-zinc-100">{t("invite.linkReady")}</p>
                <div className="flex items-center gap-2">
                  <code className="min-w-0 flex-1 truncate font-mono text-xs text-zinc-800 dark:text-zinc-200" data-testid="invite-link">
                    {link}
                  </code>
                  <CopyButton value={link} isIconOnly variant="ghost" />
                </div>
              </div>
            )}
          </form>
        </CardContent>
      </Card>

      <section className="min-w-0 space-y-3" aria-labelledby="invitations-title">
        <h2 id="invitations-title" className="text-base font-semibold text-zinc-900 dark:text-zinc-50">
          {t("invitations.title")}
        </h2>
        {invitations.length === 0 ? (
          <OrgEmptyNote className="py-6">{t("invitations.empty")}</OrgEmptyNote>
        ) : (
          <Table>
            <THead>
              <TR>
                <TH>{t("invitations.to")}</TH>
                {/* a phone keeps who, status and the action in columns; role, uses and expiry go under who */}
                <TH className="hidden sm:table-cell">{t("invitations.role")}</TH>
                <TH className="hidden text-right sm:table-cell">{t("invitations.uses")}</TH>
                <TH>{t("invitations.status")}</TH>
                <TH className="hidden sm:table-cell">{t("invitations.expires")}</TH>
                <TH className="hidden sm:table-cell" />
              </TR>
            </THead>
            <TBody>
              {invitations.map((invitation) => (
                <TR key={invitation.id} data-testid="invitation-row" data-status={invitation.status}>
                  <TD className="max-w-56">
                    <p className="truncate">{invitation.email ?? <span className="text-zinc-500">{t("invitations.link")}</span>}</p>
                    <p className="mt-0.5 text-xs text-zinc-500 tabular-nums sm:hidden dark:text-zinc-400">
                      {t(`roles.${invitation.role}`)} · {invitation.uses}/{invitation.maxUses} · {format.dateTime(new Date(invitation.expiresAt), { dateStyle: "medium" })}
                    </p>
                    {invitation.status === "pending" && <div className="-ml-2 mt-1 sm:hidden">{revokeButton(invitation.id)}</div>}
                  </TD>
                  <TD className="hidden whitespace-nowrap sm:table-cell">{t(`roles.${invitation.role}`)}</TD>
                  <TD className="hidden text-right tabular-nums sm:table-cell">
                    {invitation.uses}/{invitation.maxUses}
                  </TD>
                  <TD>
                    <Badge className="whitespace-nowrap" tone={STATUS_TONES[invitation.status]}>{t(`invitations.statuses.${invitation.status}`)}</Badge>
                  </TD>
                  <TD className="hidden whitespace-nowrap text-zinc-500 sm:table-cell">{format.dateTime(new Date(invitation.expiresAt), { dateStyle: "medium" })}</TD>
                  <TD className="hidden text-right sm:table-cell">{invitation.status === "pending" && revokeButton(invitation.id)}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </section>
    </div>
  );
}
