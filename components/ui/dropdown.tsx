"use client";

import { createContext, useCallback, useContext, useEffect, useId, useLayoutEffect, useRef, useState } from "react";
import { createPortal } from "react-dom";
import { cn } from "./cn";
import { placeMenu, type MenuPlacement } from "./place-menu";

type DropdownContext = { close: () => void };
const Context = createContext<DropdownContext>({ close: () => undefined });

/**
 * A menu button: Enter/Space/ArrowDown open it, arrow keys move between items, Escape closes and returns focus,
 * a click outside closes.
 *
 * The open menu is portalled to the end of the body (or of the open <dialog> holding the trigger, which is in the
 * top layer) and placed with `position: fixed`: a table's scroll box or a card's `overflow: hidden` cannot clip it,
 * the next row's pinned cell cannot paint over it, and near the bottom of the window it opens upwards.
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
  const [placement, setPlacement] = useState<MenuPlacement | null>(null);
  const [container, setContainer] = useState<Element | null>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const menuId = useId();

  const items = () => Array.from(menuRef.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]:not([aria-disabled="true"])') ?? []);
  const close = useCallback((shouldFocusTrigger = false) => {
    setIsOpen(false);
    setPlacement(null);
    if (shouldFocusTrigger) buttonRef.current?.focus();
  }, []);

  const place = useCallback(() => {
    const button = buttonRef.current;
    const menu = menuRef.current;
    if (!button || !menu) return;
    const trigger = button.getBoundingClientRect();
    // the trigger scrolled out of view (its table or the page moved): the menu would float over unrelated content
    if (trigger.bottom < 0 || trigger.top > window.innerHeight || trigger.width === 0) return close();
    setPlacement(
      placeMenu({
        trigger,
        menu: { width: menu.offsetWidth, height: menu.offsetHeight },
        viewport: { width: document.documentElement.clientWidth, height: window.innerHeight },
        align,
      }),
    );
  }, [align, close]);

  // placed before the first paint, so it never shows at the wrong spot
  useLayoutEffect(() => {
    if (isOpen) place();
  }, [isOpen, place]);

  const open = () => {
    setContainer(buttonRef.current?.closest("dialog[open]") ?? document.body);
    setIsOpen(true);
  };

  // the first item takes focus once the menu is placed (a hidden element cannot take it)
  const isPlaced = placement !== null;
  useEffect(() => {
    if (isPlaced) items()[0]?.focus({ preventScroll: true });
  }, [isPlaced]);

  useEffect(() => {
    if (!isOpen) return;
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!rootRef.current?.contains(target) && !menuRef.current?.contains(target)) close();
    };
    document.addEventListener("pointerdown", onPointerDown);
    // any scroller (capture), the window, or a resize moves the trigger: follow it
    window.addEventListener("scroll", place, true);
    window.addEventListener("resize", place);
    return () => {
      document.removeEventListener("pointerdown", onPointerDown);
      window.removeEventListener("scroll", place, true);
      window.removeEventListener("resize", place);
    };
  }, [isOpen, close, place]);

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
      // a menu inside a <dialog> must not close the dialog too
      event.stopPropagation();
      close(true);
    } else if (event.key === "Tab") {
      // the menu sits at the end of the body: Tab goes on from the trigger, as if the menu were still beside it
      close(true);
    }
  };

  const menu = (
    <div
      ref={menuRef}
      id={menuId}
      role="menu"
      onKeyDown={onMenuKeyDown}
      style={placement ? { top: placement.top, left: placement.left } : { top: 0, left: 0, visibility: "hidden" }}
      data-placement={placement?.isAbove ? "top" : "bottom"}
      className={cn(
        "fixed z-[60] max-h-[calc(100dvh-1rem)] min-w-52 overflow-y-auto rounded-lg border border-zinc-200 bg-white p-1 shadow-lg",
        "dark:border-zinc-800 dark:bg-zinc-900",
      )}
    >
      {children}
    </div>
  );

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
          onClick={() => (isOpen ? close() : open())}
          onKeyDown={(event) => {
            if (event.key === "ArrowDown") {
              event.preventDefault();
              open();
            }
          }}
          className={cn(
            "inline-flex items-center gap-2 rounded-md focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500",
            triggerClassName,
          )}
        >
          {trigger}
        </button>
        {isOpen && container && createPortal(menu, container)}
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
