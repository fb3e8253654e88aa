"use client";

import { useTranslations } from "next-intl";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog } from "@/components/ui/dialog";

/** The one time a secret is shown (after create or rotate): copy button, warning, and where to use it. */
export function SecretDialog({
  secret,
  isRotated,
  origin,
  onClose,
}: {
  secret: string | null;
  isRotated: boolean;
  origin: string;
  onClose: () => void;
}) {
  const t = useTranslations("keys");
  return (
    <Dialog
      isOpen={secret !== null}
      onClose={onClose}
      title={isRotated ? t("secret.rotatedTitle") : t("secret.title")}
      footer={<Button onClick={onClose}>{t("secret.done")}</Button>}
    >
      {secret && (
        <div className="space-y-4">
          <Alert tone="warning">{isRotated ? `${t("secret.rotatedWarning")} ${t("secret.warning")}` : t("secret.warning")}</Alert>
          <div className="space-y-1.5">
            <p className="text-sm font-medium text-zinc-800 dark:text-zinc-200">{t("secret.label")}</p>
            <div className="flex items-center gap-2">
              <code data-testid="new-secret" className="min-w-0 flex-1 rounded-md border border-zinc-200 bg-zinc-50 px-3 py-2 font-mono text-xs break-all text-zinc-900 select-all dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100">
                {secret}
              </code>
              <CopyButton value={secret} />
            </div>
          </div>
          <dl className="grid gap-2 rounded-lg border border-zinc-200 p-3 text-xs sm:grid-cols-2 dark:border-zinc-800">
            <div className="min-w-0">
              <dt className="text-zinc-500 dark:text-zinc-400">{t("baseUrls.openai")}</dt>
              <dd className="truncate font-mono text-zinc-800 dark:text-zinc-200">{origin}/v1</dd>
            </div>
            <div className="min-w-0">
              <dt className="text-zinc-500 dark:text-zinc-400">{t("baseUrls.anthropic")}</dt>
              <dd className="truncate font-mono text-zinc-800 dark:text-zinc-200">{origin}</dd>
            </div>
          </dl>
        </div>
      )}
    </Dialog>
  );
}
