"use client";

import { useMemo, useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { getCoreRowModel, getSortedRowModel, useReactTable, type ColumnDef, type SortingState } from "@tanstack/react-table";
import { TimeZoneCookie } from "@/components/charts/time-zone-cookie";
import { DataTable, type DataTableColumnMeta } from "@/components/data-table/data-table";
import { requestJson } from "@/components/data-table/request-json";
import { useFormatters } from "@/components/data-table/use-formatters";
import { Alert } from "@/components/ui/alert";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader, CardTitle } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { Icon } from "@/components/ui/icon";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { useToast } from "@/components/ui/toast";
import type { DisputeRow } from "@/lib/admin/list-disputes";
import type { refundRequestJson, topUpJson } from "@/lib/payments/dto";
import { useSortLabels } from "../../_components/use-sort-labels";

type RefundJson = ReturnType<typeof refundRequestJson>;
/** a waiting request, with what approving it would meet now (review-refunds.ts) */
type PendingJson = RefundJson & { review: { refundableNow: { micros: string; display: string }; isShort: boolean; hasDisputedCharge: boolean } | null };
type TopUpJson = ReturnType<typeof topUpJson>;

const REFUND_TONE: Record<string, BadgeTone> = { requested: "warning", approved: "info", completed: "success", rejected: "neutral", failed: "danger" };
const TOPUP_TONE: Record<string, BadgeTone> = { paid: "success", pending: "neutral", failed: "danger", expired: "neutral" };
const DISPUTE_TONE: Record<string, BadgeTone> = { active: "danger", released: "success", applied: "neutral" };

export function RefundsPageClient({
  pending,
  decided,
  topUps,
  disputes,
  isStripeConfigured,
  timeZone,
  now,
}: {
  pending: PendingJson[];
  decided: RefundJson[];
  topUps: TopUpJson[];
  disputes: DisputeRow[];
  isStripeConfigured: boolean;
  timeZone: string;
  now: string;
}) {
  const t = useTranslations("admin-payments");
  const format = useFormatters({ timeZone, now });
  const sortLabels = useSortLabels();
  const [decision, setDecision] = useState<{ refund: RefundJson; kind: "approve" | "reject" } | null>(null);
  const [sorting, setSorting] = useState<SortingState>([]);

  const topUpColumns = useMemo<ColumnDef<TopUpJson>[]>(
    () => [
      {
        id: "customer",
        accessorKey: "userEmail",
        header: t("columns.customer"),
        meta: { label: t("columns.customer") } satisfies DataTableColumnMeta,
        cell: ({ row }) => (
          <Link href={`/admin/customers/${row.original.userId}`} className="hover:underline">
            {row.original.userEmail}
          </Link>
        ),
      },
      {
        id: "amount",
        header: t("columns.amount"),
        accessorFn: (r) => Number(r.amount.micros),
        meta: { label: t("columns.amount"), align: "right" } satisfies DataTableColumnMeta,
        cell: ({ row }) => (
          <div>
            {row.original.amount.display}
            {row.original.refunded.micros !== "0" && <div className="text-xs text-zinc-500">{t("refundedPart", { amount: row.original.refunded.display })}</div>}
          </div>
        ),
      },
      {
        id: "status",
        accessorKey: "status",
        header: t("columns.status"),
        meta: { label: t("columns.status") } satisfies DataTableColumnMeta,
        cell: ({ row }) => <Badge tone={TOPUP_TONE[row.original.status] ?? "neutral"}>{t(`topUpStatus.${row.original.status}`)}</Badge>,
      },
      {
        id: "when",
        header: t("columns.when"),
        accessorFn: (r) => Date.parse(r.createdAt),
        meta: { label: t("columns.when") } satisfies DataTableColumnMeta,
        cell: ({ row }) => <span title={format.dateTime(row.original.createdAt)}>{format.relative(row.original.createdAt)}</span>,
      },
      {
        id: "charge",
        header: t("columns.charge"),
        enableSorting: false,
        meta: { className: "hidden lg:table-cell" } satisfies DataTableColumnMeta,
        cell: ({ row }) => <code className="text-xs text-zinc-500">{row.original.stripeChargeId ?? row.original.stripePaymentIntent ?? "—"}</code>,
      },
    ],
    [t, format],
  );
  const topUpTable = useReactTable({ data: topUps, columns: topUpColumns, state: { sorting }, onSortingChange: setSorting, getCoreRowModel: getCoreRowModel(), getSortedRowModel: getSortedRowModel(), getRowId: (r) => r.id });

  return (
    <>
      <TimeZoneCookie renderedFor={timeZone} />
      <PageHeader title={t("title")} description={t("subtitle")} />
      {!isStripeConfigured && (
        <Alert tone="warning" className="mb-6" title={t("stripeOffTitle")}>
          {t("stripeOffBody")}
        </Alert>
      )}

      <section className="mb-8" aria-labelledby="pending-title">
        <h2 id="pending-title" className="mb-3 text-base font-semibold">
          {t("pendingTitle", { count: pending.length })}
        </h2>
        {pending.length === 0 ? (
          <EmptyState icon={<Icon name="check" />} title={t("pendingEmpty")} description={t("pendingEmptyHint")} />
        ) : (
          <div className="grid gap-3 md:grid-cols-2">
            {pending.map((refund) => (
              <Card key={refund.id} className="p-4" data-testid="refund-pending">
                <div className="flex items-start justify-between gap-3">
                  <div className="min-w-0">
                    <Link href={`/admin/customers/${refund.userId}`} className="block truncate font-medium hover:underline">
                      {refund.userEmail}
                    </Link>
                    <p className="text-xs text-zinc-500 dark:text-zinc-400">{t("requestedAt", { when: format.relative(refund.createdAt) })}</p>
                  </div>
                  <span className="text-lg font-semibold tabular-nums">{refund.amount.display}</span>
                </div>
                {refund.reason && <p className="mt-2 text-sm text-zinc-700 dark:text-zinc-300">“{refund.reason}”</p>}
                {refund.review?.isShort ? (
                  <div className="mt-3" data-testid="refund-short">
                    <Alert tone="warning">
                      {refund.review.hasDisputedCharge
                        ? t("review.shortDisputed", { amount: refund.review.refundableNow.display })
                        : t("review.short", { amount: refund.review.refundableNow.display })}
                    </Alert>
                  </div>
                ) : (
                  refund.review?.hasDisputedCharge && (
                    <div className="mt-3" data-testid="refund-disputed">
                      <Badge tone="warning">{t("review.disputed")}</Badge>
                    </div>
                  )
                )}
                <div className="mt-4 flex justify-end gap-2">
                  <Button size="sm" variant="outline" onClick={() => setDecision({ refund, kind: "reject" })}>
                    {t("reject")}
                  </Button>
                  <Button size="sm" onClick={() => setDecision({ refund, kind: "approve" })} disabled={!isStripeConfigured} data-testid="refund-approve">
                    {t("approve")}
                  </Button>
                </div>
              </Card>
            ))}
          </div>
        )}
      </section>

      {decided.length > 0 && (
        <Card className="relative mb-8 overflow-hidden">
          <CardHeader>
            <CardTitle>{t("decidedTitle")}</CardTitle>
          </CardHeader>
          <Table>
            <THead>
              <tr>
                <TH>{t("columns.customer")}</TH>
                <TH className="text-right">{t("columns.amount")}</TH>
                <TH>{t("columns.status")}</TH>
                <TH className="hidden md:table-cell">{t("columns.note")}</TH>
                <TH>{t("columns.when")}</TH>
              </tr>
            </THead>
            <TBody>
              {decided.map((r) => (
                <TR key={r.id} data-testid="refund-decided" data-status={r.status}>
                  <TD>{r.userEmail}</TD>
                  <TD className="text-right tabular-nums">{r.amount.display}</TD>
                  <TD>
                    <Badge tone={REFUND_TONE[r.status] ?? "neutral"}>{t(`refundStatus.${r.status}`)}</Badge>
                  </TD>
                  <TD className="hidden max-w-64 truncate md:table-cell">{r.decisionNote ?? ""}</TD>
                  <TD>{r.decidedAt ? format.relative(r.decidedAt) : "—"}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
        </Card>
      )}

      <div className="grid gap-6 2xl:grid-cols-5">
        <Card className="relative overflow-hidden 2xl:col-span-3">
          <CardHeader>
            <CardTitle>{t("topUpsTitle")}</CardTitle>
          </CardHeader>
          {topUps.length === 0 ? <p className="px-5 pb-5 text-sm text-zinc-500 dark:text-zinc-400">{t("topUpsEmpty")}</p> : <DataTable table={topUpTable} caption={t("topUpsTitle")} sortLabels={sortLabels} />}
        </Card>
        <Card className="relative overflow-hidden 2xl:col-span-2">
          <CardHeader>
            <CardTitle>{t("disputesTitle")}</CardTitle>
          </CardHeader>
          {disputes.length === 0 ? (
            <p className="px-5 pb-5 text-sm text-zinc-500 dark:text-zinc-400">{t("disputesEmpty")}</p>
          ) : (
            <Table>
              <THead>
                <tr>
                  <TH>{t("columns.customer")}</TH>
                  <TH className="text-right">{t("columns.frozen")}</TH>
                  <TH>{t("columns.status")}</TH>
                </tr>
              </THead>
              <TBody>
                {disputes.map((d) => (
                  <TR key={d.id}>
                    <TD>
                      <div>{d.email ?? "—"}</div>
                      <code className="text-xs text-zinc-500">{d.disputeId}</code>
                    </TD>
                    <TD className="text-right tabular-nums">
                      {format.usd(d.amount)}
                      {d.amount !== d.originalAmount && <div className="text-xs text-zinc-500">{t("ofOriginal", { amount: format.usd(d.originalAmount) })}</div>}
                    </TD>
                    <TD>
                      <Badge tone={DISPUTE_TONE[d.status] ?? "neutral"}>{t(`disputeStatus.${d.status}`)}</Badge>
                    </TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          )}
        </Card>
      </div>

      {decision && <DecisionDialog key={decision.refund.id + decision.kind} refund={decision.refund} kind={decision.kind} onClose={() => setDecision(null)} />}
    </>
  );
}

function DecisionDialog({ refund, kind, onClose }: { refund: RefundJson; kind: "approve" | "reject"; onClose: () => void }) {
  const t = useTranslations("admin-payments");
  const tc = useTranslations("common");
  const router = useRouter();
  const toast = useToast();
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [isSaving, setIsSaving] = useState(false);
  const submit = async () => {
    setIsSaving(true);
    const result = await requestJson("POST", `/api/billing/refunds/${refund.id}/${kind}`, note.trim() ? { note: note.trim() } : {});
    setIsSaving(false);
    if (!result.ok) return setError(result.message ?? tc("networkError"));
    toast.show({ tone: "success", message: kind === "approve" ? t("approvedToast", { amount: refund.amount.display }) : t("rejectedToast") });
    onClose();
    router.refresh();
  };
  return (
    <Dialog
      isOpen
      onClose={onClose}
      title={kind === "approve" ? t("approveTitle", { amount: refund.amount.display, email: refund.userEmail }) : t("rejectTitle", { email: refund.userEmail })}
      description={kind === "approve" ? t("approveBody") : t("rejectBody")}
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            {tc("cancel")}
          </Button>
          <Button variant={kind === "approve" ? "primary" : "danger"} onClick={() => void submit()} isLoading={isSaving} data-testid="refund-confirm">
            {kind === "approve" ? t("approve") : t("reject")}
          </Button>
        </>
      }
    >
      {error && (
        <Alert tone="danger" className="mb-3">
          {error}
        </Alert>
      )}
      <Field id="decision-note" label={t("note")} hint={t("noteHint")}>
        <Input value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
      </Field>
    </Dialog>
  );
}
