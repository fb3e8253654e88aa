import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { listCustomerGroups } from "@/lib/admin/catalog";
import { getCustomer } from "@/lib/admin/customers";
import { requireOperator } from "@/lib/auth/guards";
import { consoleContext } from "@/lib/usage/console-context";
import { CustomerDetailClient } from "./page-client";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin-customers"))("detailTitle") };
}

export const dynamic = "force-dynamic";

// GET /admin/customers/:id – one customer: balance, keys, usage, ledger entries; adjust, disable/enable, group
export default async function CustomerPage({ params }: { params: Promise<{ id: string }> }) {
  const session = await requireOperator();
  const { id } = await params;
  const [customer, groups, context] = await Promise.all([getCustomer({ id }), listCustomerGroups(), consoleContext()]);
  if (!customer) notFound();
  return <CustomerDetailClient customer={customer} groups={groups.map((g) => g.name)} isSelf={customer.id === session.user.id} {...context} />;
}
