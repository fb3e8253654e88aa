"use client";

import { createContext, useCallback, useContext, useMemo, useRef, useState } from "react";
import { useTranslations } from "next-intl";
import { cn } from "./cn";

export type ToastTone = "success" | "danger" | "info";
type Toast = { id: number; tone: ToastTone; message: string };
type ToastApi = { show: (toast: { tone?: ToastTone; message: string }) => void };

const Context = createContext<ToastApi | null>(null);
const DURATION_MS = 4_000;

/** Short confirmations ("Key created", "Copied") in the corner; announced politely to screen readers. */
export function ToastProvider({ children }: { children: React.ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);
  const t = useTranslations("common");

  const dismiss = useCallback((id: number) => setToasts((list) => list.filter((toast) => toast.id !== id)), []);
  const show = useCallback<ToastApi["show"]>(
    ({ tone = "success", message }) => {
      const id = nextId.current++;
      setToasts((list) => [...list.slice(-3), { id, tone, message }]);
      setTimeout(() => dismiss(id), DURATION_MS);
    },
    [dismiss],
  );
  const api = useMemo(() => ({ show }), [show]);

  return (
    <Context.Provider value={api}>
      {children}
      <div aria-live="polite" className="pointer-events-none fixed inset-x-0 bottom-0 z-[60] flex flex-col items-center gap-2 p-4 sm:items-end">
        {toasts.map((toast) => (
          <div
            key={toast.id}
            role="status"
            className={cn(
              "pointer-events-auto flex w-full max-w-sm items-center gap-3 rounded-lg border bg-white px-4 py-3 text-sm shadow-lg dark:bg-zinc-900",
              toast.tone === "success" && "border-emerald-200 dark:border-emerald-500/30",
              toast.tone === "danger" && "border-red-200 dark:border-red-500/30",
              toast.tone === "info" && "border-zinc-200 dark:border-zinc-700",
            )}
          >
            <span
              aria-hidden
              className={cn(
                "size-2 shrink-0 rounded-full",
                toast.tone === "success" && "bg-emerald-500",
                toast.tone === "danger" && "bg-red-500",
                toast.tone === "info" && "bg-brand-500",
              )}
            />
            <p className="flex-1 text-zinc-800 dark:text-zinc-200">{toast.message}</p>
            <button
              type="button"
              onClick={() => dismiss(toast.id)}
              className="rounded p-0.5 text-zinc-400 hover:text-zinc-700 focus-visible:outline-2 focus-visible:outline-brand-500 dark:hover:text-zinc-200"
              aria-label={t("dismiss")}
            >
              <svg className="size-3.5" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" aria-hidden>
                <path d="M18 6 6 18M6 6l12 12" />
              </svg>
            </button>
          </div>
        ))}
      </div>
    </Context.Provider>
  );
}

/** `const toast = useToast(); toast.show({ message: t("saved") })`. */
export function useToast(): ToastApi {
  const api = useContext(Context);
  if (!api) throw new Error("useToast must be used inside <ToastProvider> (the root layout provides it).");
  return api;
}
