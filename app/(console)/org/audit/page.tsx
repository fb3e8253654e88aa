import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { formatUsd } from "@/lib/money";
import { listOrgAudit, type OrgAuditEntry } from "@/lib/orgs/org-audit";
import { orgPageAccess } from "../org-page-access";
import { OrgPageNotice } from "../org-page-notice";
import { OrgEmptyNote, OrgSectionHeading } from "../org-section";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("orgs"))("audit.title") };
}

/** Actions with their own sentence; catalog keys use "_" for the "." (next-intl reads dots as nesting). */
const KNOWN_ACTIONS = new Set([
  "org.create", "org.rename", "org.delete", "org.transfer", "member.join", "member.remove", "member.leave", "member.role", "member.allowance",
  "invitation.create", "invitation.revoke", "key.create", "key.enable", "key.disable", "key.rotate", "key.delete", "key.update",
  "wallet.adjust",
]);

function text(value: unknown): string {
  return typeof value === "string" || typeof value === "number" ? String(value) : "";
}

// GET /org/audit – who changed membership, roles, allowances, invitations and keys, newest first (owner, admin)
export default async function OrgAuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const page = await orgPageAccess({ permission: "audit.view", returnTo: "/org/audit" });
  if (page.kind !== "ok") return <OrgPageNotice access={page} />;
  const params = await searchParams;
  const before = typeof params.before === "string" && /^\d{1,19}$/.test(params.before) ? params.before : null;
  const [t, format, { entries, nextBefore }] = await Promise.all([getTranslations("orgs"), getFormatter(), listOrgAudit({ orgId: page.access.orgId, before })]);
  const role = (value: unknown) => (["owner", "admin", "member", "billing"].includes(text(value)) ? t(`roles.${text(value)}`) : text(value));
  const money = (value: unknown) => (text(value) === "0" ? t("members.noCap") : /^\d+$/.test(text(value)) ? formatUsd(BigInt(text(value))) : text(value));
  const detail = (entry: OrgAuditEntry): string => {
    const d = entry.details;
    if (entry.action === "member.role") return t("audit.details.role", { from: role(d.from), to: role(d.to) });
    if (entry.action === "member.allowance") return t("audit.details.allowance", { from: money(d.from), to: money(d.to) });
    if (entry.action === "org.rename") return t("audit.details.rename", { from: text(d.from), to: text(d.to) });
    if (entry.action === "invitation.create" || entry.action === "member.join") return t("audit.details.invite", { role: role(d.role) });
    // an operator's credit or debit (credit:add --org, the admin console): signed, unlike an allowance
    if (entry.action === "wallet.adjust" && /^-?\d+$/.test(text(d.amount))) return t("audit.details.adjust", { amount: formatUsd(BigInt(text(d.amount))), reason: text(d.reason) });
    return "";
  };

  return (
    <section className="space-y-3" aria-labelledby="audit-title">
      <OrgSectionHeading id="audit-title" title={t("audit.title")} description={t("audit.description")} />
      {entries.length === 0 ? (
        <OrgEmptyNote>{t("audit.empty")}</OrgEmptyNote>
      ) : (
        <Table>
          <THead>
            <TR>
              <TH>{t("audit.when")}</TH>
              <TH>{t("audit.who")}</TH>
              <TH>{t("audit.what")}</TH>
              <TH>{t("audit.target")}</TH>
            </TR>
          </THead>
          <TBody>
            {entries.map((entry) => (
              <TR key={entry.id} data-testid="audit-row" data-action={entry.action}>
                <TD className="whitespace-nowrap text-zinc-500">{format.dateTime(new Date(entry.at), { dateStyle: "medium", timeStyle: "short" })}</TD>
                <TD className="max-w-48 truncate">{entry.actorName ?? entry.actorEmail ?? t("audit.system")}</TD>
                <TD>
                  <span className="font-medium text-zinc-900 dark:text-zinc-100">{KNOWN_ACTIONS.has(entry.action) ? t(`audit.actions.${entry.action.replace(".", "_")}`) : t("audit.actions.other", { action: entry.action })}</span>
                  {detail(entry) && <span className="ml-2 text-zinc-500 dark:text-zinc-400">{detail(entry)}</span>}
                </TD>
                <TD className="max-w-56 truncate text-zinc-600 dark:text-zinc-300">{entry.targetLabel ?? text(entry.details.email) ?? ""}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
      {nextBefore && (
        <Link href={`/org/audit?before=${nextBefore}`} className="inline-block text-sm font-medium text-brand-600 hover:underline dark:text-brand-400">
          {t("audit.older")} →
        </Link>
      )}
    </section>
  );
}
