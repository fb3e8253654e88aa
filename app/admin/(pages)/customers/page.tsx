import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { searchCustomers, CUSTOMER_PAGE_SIZE } from "@/lib/admin/customers";
import { customerSearchSchema } from "@/lib/admin/schemas";
import { requireOperator } from "@/lib/auth/guards";
import { consoleContext } from "@/lib/usage/console-context";
import { CustomersPageClient } from "./page-client";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin-customers"))("title") };
}

export const dynamic = "force-dynamic";

// GET /admin/customers – search customers by e-mail, name or organization (?q=), newest first, keyset pages (?before=)
export default async function CustomersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireOperator();
  const params = await searchParams;
  const { q, before } = customerSearchSchema.parse({ q: typeof params.q === "string" ? params.q : undefined, before: typeof params.before === "string" ? params.before : undefined });
  const [customers, context] = await Promise.all([searchCustomers({ query: q, before }), consoleContext()]);
  const last = customers[customers.length - 1];
  const nextBefore = customers.length === CUSTOMER_PAGE_SIZE && last ? `${last.createdAt}|${last.id}` : null;
  return <CustomersPageClient customers={customers} query={q ?? ""} isPaged={before !== undefined} nextBefore={nextBefore} {...context} />;
}
