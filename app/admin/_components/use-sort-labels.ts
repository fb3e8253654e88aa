"use client";

import { useMemo } from "react";
import { useTranslations } from "next-intl";
import type { SortLabels } from "@/components/data-table/data-table";

/** The sortable headers' accessible labels, in the operator's language. */
export function useSortLabels(): SortLabels {
  const t = useTranslations("admin-common");
  return useMemo(() => ({ ascending: t("sortAscending"), descending: t("sortDescending"), by: (column: string) => t("sortBy", { column }) }), [t]);
}
