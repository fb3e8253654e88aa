/** Space kept between a menu and its trigger, and between the menu and the window's edges. */
const GAP_PX = 8;

type Rect = { top: number; bottom: number; left: number; right: number };

export type MenuPlacement = { top: number; left: number; isAbove: boolean };

/**
 * Where an open menu goes, in window coordinates (for `position: fixed`): below its trigger, or above it when it
 * does not fit below and there is more room above; aligned to the trigger's end (or start) edge and kept inside the
 * window.
 */
export function placeMenu({
  trigger,
  menu,
  viewport,
  align,
}: {
  trigger: Rect;
  menu: { width: number; height: number };
  viewport: { width: number; height: number };
  align: "start" | "end";
}): MenuPlacement {
  const spaceBelow = viewport.height - trigger.bottom - GAP_PX;
  const spaceAbove = trigger.top - GAP_PX;
  const isAbove = menu.height + GAP_PX / 2 > spaceBelow && spaceAbove > spaceBelow;
  const top = isAbove ? Math.max(GAP_PX, trigger.top - GAP_PX / 2 - menu.height) : trigger.bottom + GAP_PX / 2;
  const preferredLeft = align === "end" ? trigger.right - menu.width : trigger.left;
  const left = Math.min(Math.max(GAP_PX, preferredLeft), Math.max(GAP_PX, viewport.width - menu.width - GAP_PX));
  return { top, left, isAbove };
}
