"use client";

import { useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { requestJson } from "@/components/data-table/request-json";
import { useFormatters } from "@/components/data-table/use-formatters";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import type { ApiKeySummary } from "@/lib/keys/list-api-keys";
import { formatUsd } from "@/lib/money";
import { OrgEmptyNote, OrgSectionHeading } from "../org-section";

const TONES: Record<ApiKeySummary["status"], BadgeTone> = { active: "success", disabled: "neutral", expired: "warning", exhausted: "danger" };

/** Every key of the organization; owners and admins disable or enable any of them. */
export function OrgKeysTable({ orgId, keys, timeZone, now }: { orgId: string; keys: ApiKeySummary[]; timeZone: string; now: string }) {
  const t = useTranslations("orgs.keys");
  // relative to the server's render time, so server and browser print the same "2 minutes ago"
  const format = useFormatters({ timeZone, now });
  const router = useRouter();
  const [pending, setPending] = useState<string | null>(null);

  const toggle = async (key: ApiKeySummary) => {
    setPending(key.id);
    const result = await requestJson("POST", `/api/orgs/${orgId}/keys/${key.id}/status`, { isEnabled: !key.isEnabled });
    setPending(null);
    if (result.ok) router.refresh();
  };

  return (
    <section className="space-y-3" aria-labelledby="org-keys-title">
      <div className="flex flex-col gap-2 sm:flex-row sm:items-end sm:justify-between">
        <OrgSectionHeading id="org-keys-title" title={t("title")} description={t("description")} />
        <Link href="/keys" className="text-sm font-medium text-brand-600 hover:underline dark:text-brand-400">
          {t("myKeys")} →
        </Link>
      </div>
      {keys.length === 0 ? (
        <OrgEmptyNote>{t("empty")}</OrgEmptyNote>
      ) : (
        <Table>
          <THead>
            <TR>
              <TH>{t("name")}</TH>
              <TH>{t("owner")}</TH>
              <TH>{t("status")}</TH>
              <TH className="text-right">{t("spend30d")}</TH>
              <TH>{t("lastUsed")}</TH>
              <TH />
            </TR>
          </THead>
          <TBody>
            {keys.map((key) => (
              <TR key={key.id} data-testid="org-key-row">
                <TD className="max-w-56">
                  <p className="truncate font-medium text-zinc-900 dark:text-zinc-100">{key.name}</p>
                  <code className="font-mono text-xs text-zinc-500">{key.masked}</code>
                </TD>
                <TD className="max-w-56 truncate">{key.ownerEmail}</TD>
                <TD>
                  <Badge className="whitespace-nowrap" tone={TONES[key.status]}>{t(`statuses.${key.status}`)}</Badge>
                </TD>
                <TD className="text-right tabular-nums">{formatUsd(BigInt(key.spend30d))}</TD>
                <TD className="whitespace-nowrap text-zinc-500">{key.lastUsedAt ? format.relative(key.lastUsedAt) : t("never")}</TD>
                <TD className="text-right">
                  <Button variant="outline" size="sm" isLoading={pending === key.id} onClick={() => void toggle(key)}>
                    {key.isEnabled ? t("disable") : t("enable")}
                  </Button>
                </TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
    </section>
  );
}
