"use client";

import { useEffect, useRef, useState } from "react";
import { flexRender, type Cell, type Header, type Table as TanstackTable } from "@tanstack/react-table";
import { cn } from "@/components/ui/cn";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";

export type SortLabels = { ascending: string; descending: string; by: (column: string) => string };

/**
 * Column meta the table reads: alignment, a class for cells (e.g. hide on phones), and `isPinned` for a row-actions
 * column that stays at the right edge while the other columns scroll sideways under it.
 */
export type DataTableColumnMeta = { align?: "left" | "right"; className?: string; label?: string; isPinned?: boolean };

/** A pinned cell is opaque (and shadowed on its left) only while columns actually scroll under it. */
function pinnedClasses({ isPinned, isOverflowing }: { isPinned?: boolean; isOverflowing: boolean }) {
  if (!isPinned) return undefined;
  return cn(
    "sticky right-0",
    isOverflowing && "bg-white shadow-[-6px_0_10px_-6px_rgb(0_0_0/0.15)] dark:bg-zinc-900 dark:shadow-[-6px_0_10px_-6px_rgb(0_0_0/0.7)]",
  );
}

/** Whether the table is wider than its scroller (the caller's columns do not fit the width the page gives it). */
function useIsOverflowing() {
  const ref = useRef<HTMLTableElement>(null);
  const [isOverflowing, setIsOverflowing] = useState(false);
  useEffect(() => {
    const table = ref.current;
    const scroller = table?.parentElement;
    if (!table || !scroller) return;
    const measure = () => setIsOverflowing(table.scrollWidth > scroller.clientWidth + 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(table);
    observer.observe(scroller);
    return () => observer.disconnect();
  }, []);
  return { ref, isOverflowing };
}

/**
 * A cell's content: the column's cell function called inside one component type that never changes. flexRender
 * would mount the function itself as a component, so a page that rebuilds its columns (its formatters change with
 * every refresh) remounted every cell, and an open row menu closed under the operator's pointer.
 */
function CellContent<T>({ cell }: { cell: Cell<T, unknown> }): React.ReactNode {
  const render = cell.column.columnDef.cell;
  return typeof render === "function" ? render(cell.getContext()) : (render ?? null);
}

function metaOf<T>(header: Header<T, unknown>): DataTableColumnMeta {
  return (header.column.columnDef.meta ?? {}) as DataTableColumnMeta;
}

/** A header cell: a button that cycles the sort when the column sorts, with aria-sort for screen readers. */
function SortableHeader<T>({ header, labels, isCompact, isOverflowing }: { header: Header<T, unknown>; labels: SortLabels; isCompact: boolean; isOverflowing: boolean }) {
  const meta = metaOf(header);
  const sorted = header.column.getIsSorted();
  const content = header.isPlaceholder ? null : flexRender(header.column.columnDef.header, header.getContext());
  const isSortable = header.column.getCanSort();
  return (
    <TH
      aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : isSortable ? "none" : undefined}
      className={cn(
        isCompact && "px-3",
        meta.align === "right" && "text-right",
        meta.className,
        pinnedClasses({ isPinned: meta.isPinned, isOverflowing }),
        meta.isPinned && isOverflowing && "bg-zinc-50 dark:bg-zinc-900",
      )}
    >
      {isSortable ? (
        <button
          type="button"
          onClick={header.column.getToggleSortingHandler()}
          className={cn(
            "-mx-1 inline-flex items-center gap-1 rounded px-1 uppercase hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-brand-500 dark:hover:text-zinc-100",
            meta.align === "right" && "flex-row-reverse",
          )}
          title={labels.by(meta.label ?? header.column.id)}
        >
          {content}
          <svg className={cn("size-3", !sorted && "opacity-30")} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.5" strokeLinecap="round" strokeLinejoin="round" aria-hidden>
            {sorted === "asc" ? <path d="m18 15-6-6-6 6" /> : sorted === "desc" ? <path d="m6 9 6 6 6-6" /> : <path d="m7 15 5 5 5-5M7 9l5-5 5 5" />}
          </svg>
          {sorted && <span className="sr-only">{sorted === "asc" ? labels.ascending : labels.descending}</span>}
        </button>
      ) : (
        content
      )}
    </TH>
  );
}

/**
 * Renders a TanStack table (sorting, filtering and pagination stay with the caller's table instance, client- or
 * server-side) into the console's table style. Rows can open something (a drawer) by click or Enter.
 */
export function DataTable<T>({
  table,
  sortLabels,
  onRowOpen,
  rowLabel,
  className,
  caption,
  isCompact = false,
}: {
  table: TanstackTable<T>;
  /** tighter cell padding for wide tables */
  isCompact?: boolean;
  sortLabels: SortLabels;
  onRowOpen?: (row: T) => void;
  /** accessible name of a row's open action */
  rowLabel?: (row: T) => string;
  className?: string;
  caption?: string;
}) {
  const { ref, isOverflowing } = useIsOverflowing();
  return (
    // relative: visually hidden labels (sr-only, absolutely positioned) stay inside the horizontal scroller
    <Table ref={ref} className={cn("relative", className)}>
      {caption && <caption className="sr-only">{caption}</caption>}
      <THead>
        {table.getHeaderGroups().map((group) => (
          <tr key={group.id}>
            {group.headers.map((header) => (
              <SortableHeader key={header.id} header={header} labels={sortLabels} isCompact={isCompact} isOverflowing={isOverflowing} />
            ))}
          </tr>
        ))}
      </THead>
      <TBody>
        {table.getRowModel().rows.map((row) => (
          <TR
            key={row.id}
            data-row-id={row.id}
            tabIndex={onRowOpen ? 0 : undefined}
            aria-label={onRowOpen && rowLabel ? rowLabel(row.original) : undefined}
            onClick={onRowOpen ? (event) => {
              if ((event.target as HTMLElement).closest("button, a, input, select, [role=menu]")) return;
              onRowOpen(row.original);
            } : undefined}
            onKeyDown={onRowOpen ? (event) => {
              if (event.target !== event.currentTarget) return;
              if (event.key === "Enter" || event.key === " ") {
                event.preventDefault();
                onRowOpen(row.original);
              }
            } : undefined}
            className={cn("group", onRowOpen && "cursor-pointer focus-visible:bg-zinc-50 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-brand-500 dark:focus-visible:bg-zinc-800/40")}
          >
            {row.getVisibleCells().map((cell) => {
              const meta = (cell.column.columnDef.meta ?? {}) as DataTableColumnMeta;
              return (
                <TD
                  key={cell.id}
                  className={cn(
                    "whitespace-nowrap",
                    isCompact && "px-3 py-2.5",
                    meta.align === "right" && "text-right tabular-nums",
                    meta.className,
                    pinnedClasses({ isPinned: meta.isPinned, isOverflowing }),
                    meta.isPinned && isOverflowing && "group-hover:bg-zinc-50 dark:group-hover:bg-zinc-800",
                  )}
                >
                  <CellContent cell={cell} />
                </TD>
              );
            })}
          </TR>
        ))}
      </TBody>
    </Table>
  );
}
