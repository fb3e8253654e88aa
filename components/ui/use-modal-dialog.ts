"use client";

import { useEffect, useId, useRef } from "react";

/**
 * The behaviour every modal on the native <dialog> shares (Dialog, Drawer): open and close with `isOpen`, Escape
 * and a click on the backdrop call `onClose`. Spread `dialogProps` on the <dialog>; give the heading `titleId`.
 */
export function useModalDialog({ isOpen, onClose }: { isOpen: boolean; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (isOpen && !dialog.open) dialog.showModal();
    if (!isOpen && dialog.open) dialog.close();
  }, [isOpen]);
  const dialogProps = {
    ref,
    "aria-labelledby": titleId,
    onClose,
    onCancel: (event: React.SyntheticEvent<HTMLDialogElement>) => {
      event.preventDefault();
      onClose();
    },
    onClick: (event: React.MouseEvent<HTMLDialogElement>) => {
      if (event.target === ref.current) onClose();
    },
  };
  return { titleId, dialogProps };
}
