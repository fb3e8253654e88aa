"use client";

import { createContext, useCallback, useContext, useEffect, useId, useRef, useState } from "react";
import { cn } from "./cn";

type DropdownContext = { close: () => void };
const Context = createContext<DropdownContext>({ close: () => undefined });

/**
 * A menu button: Enter/Space/ArrowDown open it, arrow keys move between items, Escape closes and returns focus,
 * a click outside closes.
 */
export function Dropdown({
  trigger,
  triggerLabel,
  align = "end",
  className,
  triggerClassName,
  children,
}: {
  trigger: React.ReactNode;
  /** Accessible name of the trigger when it shows only an icon or an avatar. */
  triggerLabel?: string;
  align?: "start" | "end";
  className?: string;
  triggerClassName?: string;
  children: React.ReactNode;
}) {
  const [isOpen, setIsOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const menuId = useId();

  const items = () => Array.from(menuRef.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]:not([aria-disabled="true"])') ?? []);
  const close = useCallback((shouldFocusTrigger = false) => {
    setIsOpen(false);
    if (shouldFocusTrigger) buttonRef.current?.focus();
  }, []);

  useEffect(() => {
    if (!isOpen) return;
    items()[0]?.focus();
    const onPointerDown = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) close();
    };
    document.addEventListener("pointerdown", onPointerDown);
    return () => document.removeEventListener("pointerdown", onPointerDown);
  }, [isOpen, close]);

  const onMenuKeyDown = (event: React.KeyboardEvent) => {
    const list = items();
    const index = list.indexOf(document.activeElement as HTMLElement);
    if (event.key === "ArrowDown") {
      event.preventDefault();
      list[(index + 1) % list.length]?.focus();
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      list[(index - 1 + list.length) % list.length]?.focus();
    } else if (event.key === "Home") {
      event.preventDefault();
      list[0]?.focus();
    } else if (event.key === "End") {
      event.preventDefault();
      list[list.length - 1]?.focus();
    } else if (event.key === "Escape") {
      event.preventDefault();
      close(true);
    } else if (event.key === "Tab") {
      close();
    }
  };

  return (
    <Context.Provider value={{ close: () => close(true) }}>
      <div ref={rootRef} className={cn("relative inline-block", className)}>
        <button
          ref={buttonRef}
          type="button"
          aria-haspopup="menu"
          aria-expanded={isOpen}
          aria-controls={isOpen ? menuId : undefined}
          aria-label={triggerLabel}
          onClick={() => setIsOpen((open) => !open)}
          onKeyDown={(event) => {
            if (event.key === "ArrowDown") {
              event.preventDefault();
              setIsOpen(true);
            }
          }}
          className={cn(
            "inline-flex items-center gap-2 rounded-md focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500",
            triggerClassName,
          )}
        >
          {trigger}
        </button>
        {isOpen && (
          <div
            ref={menuRef}
            id={menuId}
            role="menu"
            onKeyDown={onMenuKeyDown}
            className={cn(
              "absolute z-50 mt-2 min-w-52 overflow-hidden rounded-lg border border-zinc-200 bg-white p-1 shadow-lg",
              "dark:border-zinc-800 dark:bg-zinc-900",
              align === "end" ? "right-0" : "left-0",
            )}
          >
            {children}
          </div>
        )}
      </div>
    </Context.Provider>
  );
}

const ITEM =
  "flex w-full cursor-pointer items-center gap-2 rounded-md px-2.5 py-1.5 text-left text-sm text-zinc-700 outline-none " +
  "hover:bg-zinc-100 focus:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800 dark:focus:bg-zinc-800";

/** A menu entry that runs an action (or, with `href`, a link). The menu closes after it. */
export function DropdownItem({
  onSelect,
  href,
  isDanger = false,
  isSelected,
  children,
}: {
  onSelect?: () => void;
  href?: string;
  isDanger?: boolean;
  isSelected?: boolean;
  children: React.ReactNode;
}) {
  const { close } = useContext(Context);
  const className = cn(ITEM, isDanger && "text-red-600 dark:text-red-400");
  if (href) {
    return (
      <a role="menuitem" tabIndex={-1} href={href} className={className} onClick={close}>
        {children}
      </a>
    );
  }
  return (
    <button
      type="button"
      role={isSelected === undefined ? "menuitem" : "menuitemradio"}
      aria-checked={isSelected}
      tabIndex={-1}
      className={className}
      onClick={() => {
        close();
        onSelect?.();
      }}
    >
      {children}
    </button>
  );
}

export function DropdownLabel({ children }: { children: React.ReactNode }) {
  return <div className="px-2.5 py-1.5 text-xs text-zinc-500 dark:text-zinc-400">{children}</div>;
}

export function DropdownSeparator() {
  return <div role="separator" className="my-1 h-px bg-zinc-200 dark:bg-zinc-800" />;
}
