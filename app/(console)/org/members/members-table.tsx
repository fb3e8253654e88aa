"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useFormatter, useTranslations } from "next-intl";
import { requestJson } from "@/components/data-table/request-json";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { useToast } from "@/components/ui/toast";
import { formatUsd, formatUsdExact } from "@/lib/money";
import type { MemberSummary } from "@/lib/orgs/list-members";
import type { OrgRole } from "@/lib/orgs/roles";
import { AssignableRoleOptions } from "./role-options";
import { OrgSectionHeading } from "../org-section";

function decimal(micros: string): string {
  return formatUsdExact(BigInt(micros)).replace(/0+$/, "").replace(/\.$/, "");
}

/** The members table: role, allowance and this month's use; owners and admins edit roles and allowances, or remove. */
export function MembersTable({
  orgId,
  members,
  currentUserId,
  viewerRole,
  canManage,
}: {
  orgId: string;
  members: MemberSummary[];
  currentUserId: string;
  viewerRole: OrgRole;
  canManage: boolean;
}) {
  const t = useTranslations("orgs");
  const tCommon = useTranslations("common");
  const format = useFormatter();
  const router = useRouter();
  const toast = useToast();
  const [editing, setEditing] = useState<MemberSummary | null>(null);
  const [removing, setRemoving] = useState<MemberSummary | null>(null);
  const [role, setRole] = useState<string>("member");
  const [allowance, setAllowance] = useState("0");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);

  const startEdit = (member: MemberSummary) => {
    setEditing(member);
    setRole(member.role);
    setAllowance(decimal(member.monthlyAllowance));
    setErrors({});
    setFormError(null);
  };

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!editing) return;
    setIsBusy(true);
    const body: Record<string, string> = { monthlyAllowance: allowance };
    if (editing.role !== "owner" && role !== editing.role) body.role = role;
    const result = await requestJson("PATCH", `/api/orgs/${orgId}/members/${editing.membershipId}`, body);
    setIsBusy(false);
    if (!result.ok) {
      setErrors(result.fieldErrors);
      if (Object.keys(result.fieldErrors).length === 0) setFormError(result.message ?? tCommon("networkError"));
      return;
    }
    setEditing(null);
    toast.show({ message: t("members.saved") });
    router.refresh();
  };

  const remove = async () => {
    if (!removing) return;
    setIsBusy(true);
    const result = await requestJson("DELETE", `/api/orgs/${orgId}/members/${removing.membershipId}`);
    setIsBusy(false);
    if (!result.ok) {
      setFormError(result.message ?? tCommon("networkError"));
      return;
    }
    toast.show({ message: t("members.removed", { email: removing.email }) });
    setRemoving(null);
    router.refresh();
  };

  const allowanceText = (member: MemberSummary) => (member.monthlyAllowance === "0" ? t("members.noCap") : formatUsd(BigInt(member.monthlyAllowance)));
  const canEdit = (member: MemberSummary) => canManage && (member.role !== "owner" || viewerRole === "owner");
  /** a row's buttons: in their own column from sm up, under the member's name on a phone */
  const actions = (member: MemberSummary) => (
    <>
      {canEdit(member) && (
        <Button variant="ghost" size="sm" onClick={() => startEdit(member)}>
          {t("members.edit")}
        </Button>
      )}
      {member.role !== "owner" && member.userId !== currentUserId && (
        <Button variant="ghost" size="sm" className="text-red-600 dark:text-red-400" onClick={() => setRemoving(member)}>
          {t("members.remove")}
        </Button>
      )}
    </>
  );

  return (
    <section className="space-y-3" aria-labelledby="members-title">
      <OrgSectionHeading id="members-title" title={t("members.title")} description={t("members.description")} />
      <Table>
        <THead>
          <TR>
            <TH>{t("members.member")}</TH>
            <TH>{t("members.role")}</TH>
            {/* a phone keeps who and role in columns, allowance and use under the name; keys and join date need md */}
            <TH className="hidden text-right sm:table-cell">{t("members.allowance")}</TH>
            <TH className="hidden text-right sm:table-cell">{t("members.usedThisMonth")}</TH>
            <TH className="hidden text-right md:table-cell">{t("members.keys")}</TH>
            <TH className="hidden md:table-cell">{t("members.joined")}</TH>
            {canManage && <TH className="hidden text-right sm:table-cell">{t("members.actions")}</TH>}
          </TR>
        </THead>
        <TBody>
          {members.map((member) => (
            <TR key={member.membershipId} data-testid="member-row" data-email={member.email}>
              <TD className="max-w-64">
                <p className="truncate font-medium text-zinc-900 dark:text-zinc-100">
                  {member.name ?? member.email}
                  {member.userId === currentUserId && <span className="ml-1.5 text-xs font-normal text-zinc-500">({t("members.you")})</span>}
                </p>
                {member.name && <p className="truncate text-xs text-zinc-500 dark:text-zinc-400">{member.email}</p>}
                <p className="mt-0.5 text-xs text-zinc-500 tabular-nums sm:hidden dark:text-zinc-400">
                  {t("members.allowance")}: {allowanceText(member)} · {t("members.usedThisMonth")}: {formatUsd(BigInt(member.spentThisMonth))}
                </p>
                {canManage && <div className="-ml-2 mt-1 flex gap-1 sm:hidden">{actions(member)}</div>}
              </TD>
              <TD>
                <Badge className="whitespace-nowrap" tone={member.role === "owner" ? "brand" : member.role === "admin" ? "info" : "neutral"}>{t(`roles.${member.role}`)}</Badge>
              </TD>
              <TD className="hidden text-right tabular-nums sm:table-cell">{allowanceText(member)}</TD>
              <TD className="hidden text-right tabular-nums sm:table-cell" data-testid="member-used">
                {formatUsd(BigInt(member.spentThisMonth))}
              </TD>
              <TD className="hidden text-right tabular-nums md:table-cell">{member.activeKeys}</TD>
              <TD className="hidden whitespace-nowrap text-zinc-500 md:table-cell">{format.dateTime(new Date(member.joinedAt), { dateStyle: "medium" })}</TD>
              {canManage && <TD className="hidden text-right whitespace-nowrap sm:table-cell">{actions(member)}</TD>}
            </TR>
          ))}
        </TBody>
      </Table>

      <Dialog
        isOpen={editing !== null}
        onClose={() => setEditing(null)}
        title={editing ? t("members.editTitle", { email: editing.email }) : ""}
        footer={
          <>
            <Button variant="outline" onClick={() => setEditing(null)}>
              {tCommon("cancel")}
            </Button>
            <Button type="submit" form="member-form" isLoading={isBusy}>
              {isBusy ? t("members.saving") : t("members.save")}
            </Button>
          </>
        }
      >
        <form method="post" id="member-form" onSubmit={save} noValidate className="space-y-4">
          {formError && <Alert tone="danger">{formError}</Alert>}
          <Field id="member-role" label={t("members.role")} hint={editing?.role === "owner" ? t("members.ownerLocked") : t(`roleHints.${role}`)} error={errors.role}>
            <Select value={role} onChange={(event) => setRole(event.target.value)} disabled={editing?.role === "owner"}>
              {editing?.role === "owner" && <option value="owner">{t("roles.owner")}</option>}
              <AssignableRoleOptions />
            </Select>
          </Field>
          <Field id="member-allowance" label={t("members.allowanceLabel")} hint={t("members.allowanceHint")} error={errors.monthlyAllowance}>
            <Input inputMode="decimal" value={allowance} onChange={(event) => setAllowance(event.target.value)} />
          </Field>
        </form>
      </Dialog>

      <Dialog
        isOpen={removing !== null}
        onClose={() => setRemoving(null)}
        title={removing ? t("members.removeTitle", { email: removing.email }) : ""}
        description={t("members.removeBody")}
        footer={
          <>
            <Button variant="outline" onClick={() => setRemoving(null)}>
              {tCommon("cancel")}
            </Button>
            <Button variant="danger" isLoading={isBusy} onClick={() => void remove()}>
              {t("members.removeConfirm")}
            </Button>
          </>
        }
      />
    </section>
  );
}
