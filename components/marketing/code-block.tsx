"use client";

import { useId, useState } from "react";
import { cn } from "@/components/ui/cn";
import { CopyButton } from "@/components/ui/copy-button";

export type CodeSample = { id: string; label: string; language: string; code: string };

/** Code with a copy button; several samples become tabs (e.g. macOS/Linux and Windows, or curl / Python / TypeScript). */
export function CodeBlock({ samples, className, title }: { samples: CodeSample[]; className?: string; title?: string }) {
  const [active, setActive] = useState(samples[0]?.id ?? "");
  const baseId = useId();
  const current = samples.find((sample) => sample.id === active) ?? samples[0];
  if (!current) return null;
  const hasTabs = samples.length > 1;
  return (
    <div className={cn("overflow-hidden rounded-lg border border-zinc-200 bg-zinc-950 text-zinc-100 dark:border-zinc-800", className)} data-testid="code-block">
      <div className="flex items-center justify-between gap-2 border-b border-zinc-800 bg-zinc-900 px-2 py-1.5">
        {hasTabs ? (
          <div role="tablist" aria-label={title} className="flex flex-wrap gap-1">
            {samples.map((sample) => (
              <button
                key={sample.id}
                id={`${baseId}-${sample.id}-tab`}
                role="tab"
                type="button"
                aria-selected={sample.id === current.id}
                aria-controls={`${baseId}-panel`}
                onClick={() => setActive(sample.id)}
                className={cn(
                  "rounded px-2 py-1 text-xs font-medium focus-visible:outline-2 focus-visible:outline-brand-400",
                  sample.id === current.id ? "bg-zinc-700 text-white" : "text-zinc-400 hover:text-white",
                )}
              >
                {sample.label}
              </button>
            ))}
          </div>
        ) : (
          <span className="px-2 text-xs text-zinc-400">{title ?? current.label}</span>
        )}
        <CopyButton value={current.code} variant="ghost" size="sm" className="text-zinc-300 hover:bg-zinc-800 hover:text-white dark:hover:bg-zinc-800" />
      </div>
      <pre
        id={`${baseId}-panel`}
        role={hasTabs ? "tabpanel" : undefined}
        aria-labelledby={hasTabs ? `${baseId}-${current.id}-tab` : undefined}
        className="overflow-x-auto p-4 text-[13px] leading-relaxed"
        tabIndex={0}
      >
        <code className="font-mono" data-language={current.language}>
          {current.code}
        </code>
      </pre>
    </div>
  );
}
