"use client";

import { useTranslations } from "next-intl";
import { useModalDialog } from "./use-modal-dialog";
import { cn } from "./cn";

/**
 * A modal dialog on the native <dialog> element: focus is trapped and restored by the browser, Escape closes,
 * a click on the backdrop closes. Controlled: `isOpen` + `onClose`. Taller than the window, only the body scrolls:
 * the title and the footer's buttons stay in view.
 */
export function Dialog({
  isOpen,
  onClose,
  title,
  description,
  children,
  footer,
  className,
}: {
  isOpen: boolean;
  onClose: () => void;
  title: React.ReactNode;
  description?: React.ReactNode;
  children?: React.ReactNode;
  footer?: React.ReactNode;
  className?: string;
}) {
  const { titleId, dialogProps } = useModalDialog({ isOpen, onClose });
  const t = useTranslations("common");

  return (
    <dialog
      {...dialogProps}
      className={cn(
        "m-auto max-h-[calc(100dvh-2rem)] w-[calc(100%-2rem)] max-w-lg flex-col overflow-hidden open:flex rounded-xl border border-zinc-200 bg-white p-0 text-zinc-900 shadow-2xl",
        "backdrop:bg-zinc-950/50 backdrop:backdrop-blur-[2px] dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100",
        className,
      )}
    >
      {isOpen && (
        <div className="flex min-h-0 flex-1 flex-col">
          <div className="flex shrink-0 items-start justify-between gap-4 px-5 pt-5 pb-3">
            <div className="space-y-1">
              <h2 id={titleId} className="text-base font-semibold">
                {title}
              </h2>
              {description && <p className="text-sm text-zinc-500 dark:text-zinc-400">{description}</p>}
            </div>
            <button
              type="button"
              onClick={onClose}
              className="-m-1 rounded-md p-1 text-zinc-400 hover:bg-zinc-100 hover:text-zinc-700 focus-visible:outline-2 focus-visible:outline-brand-500 dark:hover:bg-zinc-800 dark:hover:text-zinc-200"
              aria-label={t("close")}
            >
              <svg className="size-4" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" aria-hidden>
                <path d="M18 6 6 18M6 6l12 12" />
              </svg>
            </button>
          </div>
          {children && <div className="min-h-0 overflow-y-auto px-5 pt-1 pb-4 text-sm">{children}</div>}
          {footer && (
            <div className="flex shrink-0 justify-end gap-2 rounded-b-xl border-t border-zinc-200 bg-zinc-50/60 px-5 py-3 dark:border-zinc-800 dark:bg-zinc-900">
              {footer}
            </div>
          )}
        </div>
      )}
    </dialog>
  );
}
