"use client";

import { useTranslations } from "next-intl";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

// An operator page whose data failed to load: say so and offer to try again, instead of a blank screen.
export default function AdminError({ reset }: { error: Error; reset: () => void }) {
  const t = useTranslations("admin-common");
  return (
    <div className="mx-auto max-w-lg py-16">
      <Alert tone="danger" title={t("errorTitle")}>
        <p>{t("errorBody")}</p>
        <Button className="mt-3" size="sm" variant="outline" onClick={reset}>
          {t("retry")}
        </Button>
      </Alert>
    </div>
  );
}
