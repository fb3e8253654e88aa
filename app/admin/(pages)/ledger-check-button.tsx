"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { postJson } from "@/lib/http/post-json";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";

/** Runs the ledger check through the API and re-renders the admin home with the new result. */
export function LedgerCheckButton() {
  const t = useTranslations("admin.home");
  const tCommon = useTranslations("common");
  const router = useRouter();
  const toast = useToast();
  const [isRunning, setIsRunning] = useState(false);
  const [isRefreshing, startTransition] = useTransition();

  const run = async () => {
    setIsRunning(true);
    const result = await postJson("/api/admin/ledger-check", {});
    setIsRunning(false);
    if (!result.ok) {
      toast.show({ tone: "danger", message: result.message ?? tCommon("unknownError") });
      return;
    }
    startTransition(() => router.refresh());
  };

  const isBusy = isRunning || isRefreshing;
  return (
    <Button variant="outline" onClick={run} isLoading={isBusy} data-testid="run-ledger-check">
      {isBusy ? t("ledgerRunning") : t("ledgerRun")}
    </Button>
  );
}
