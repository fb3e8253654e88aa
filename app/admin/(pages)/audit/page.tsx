import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { auditFilterSchema, listAuditActions, listAuditLog } from "@/lib/admin/audit-log";
import { requireOperator } from "@/lib/auth/guards";
import { consoleContext } from "@/lib/usage/console-context";
import { AuditPageClient } from "./page-client";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin-audit"))("title") };
}

export const dynamic = "force-dynamic";

// GET /admin/audit – every money, permission, key, channel, price and account change; filters; CSV export
export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireOperator();
  const raw = Object.fromEntries(Object.entries(await searchParams).flatMap(([key, value]) => (typeof value === "string" && value !== "" ? [[key, value]] : [])));
  const filter = auditFilterSchema.parse(raw);
  const [page, actions, context] = await Promise.all([listAuditLog(filter), listAuditActions(), consoleContext()]);
  const query: Record<string, string> = {};
  for (const key of ["area", "action", "actor", "target", "from", "to"] as const) if (typeof raw[key] === "string") query[key] = raw[key];
  return <AuditPageClient entries={page.entries} nextBefore={page.nextBefore} isPaged={filter.before !== undefined} query={query} actions={actions} {...context} />;
}
