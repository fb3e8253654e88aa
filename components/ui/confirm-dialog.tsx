"use client";

import { useState } from "react";
import { useTranslations } from "next-intl";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";

/** "Are you sure?" for rotate, disable and delete; `children` adds fields (a reason); the action's error shows inside. */
export function ConfirmDialog({
  isOpen,
  title,
  description,
  confirmLabel,
  isDanger = false,
  onConfirm,
  onClose,
  children,
}: {
  isOpen: boolean;
  title: string;
  description: string;
  confirmLabel: string;
  isDanger?: boolean;
  /** resolves to an error message, or null on success */
  onConfirm: () => Promise<string | null>;
  onClose: () => void;
  children?: React.ReactNode;
}) {
  const tc = useTranslations("common");
  const [isBusy, setIsBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <Dialog
      isOpen={isOpen}
      onClose={onClose}
      title={title}
      description={description}
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            {tc("cancel")}
          </Button>
          <Button
            variant={isDanger ? "danger" : "primary"}
            isLoading={isBusy}
            onClick={async () => {
              setIsBusy(true);
              setError(await onConfirm());
              setIsBusy(false);
            }}
          >
            {confirmLabel}
          </Button>
        </>
      }
    >
      {error || children ? (
        <div className="space-y-3">
          {error ? <Alert tone="danger">{error}</Alert> : null}
          {children}
        </div>
      ) : null}
    </Dialog>
  );
}
