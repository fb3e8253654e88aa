/**
 * Navigation of the customer console and the operator console, as data. Labels are keys of the `nav` message
 * namespace; icons are names from components/ui/icon.tsx. Add a page by adding an entry here.
 */
import type { IconName } from "@/components/ui/icon";

export type NavItem = {
  href: string;
  /** Key in messages/<locale>/nav.json */
  labelKey: string;
  icon: IconName;
  /** Active only on the exact path (a section root such as /admin). */
  isExact?: boolean;
};

export type NavSection = { titleKey?: string; items: NavItem[] };

export const CONSOLE_NAVIGATION: NavSection[] = [
  {
    items: [
      { href: "/dashboard", labelKey: "home", icon: "home" },
      { href: "/keys", labelKey: "apiKeys", icon: "key" },
      { href: "/usage", labelKey: "usage", icon: "chart" },
      { href: "/billing", labelKey: "billing", icon: "card" },
      { href: "/playground", labelKey: "playground", icon: "play" },
      { href: "/org", labelKey: "organization", icon: "users" },
    ],
  },
  {
    items: [
      { href: "/models", labelKey: "models", icon: "cube" },
      { href: "/guides", labelKey: "guides", icon: "book" },
      { href: "/settings", labelKey: "settings", icon: "settings" },
    ],
  },
];

export const ADMIN_NAVIGATION: NavSection[] = [
  {
    items: [
      { href: "/admin", labelKey: "admin.overview", icon: "grid", isExact: true },
      { href: "/admin/channels", labelKey: "admin.channels", icon: "server" },
      { href: "/admin/models", labelKey: "admin.models", icon: "tag" },
      { href: "/admin/customers", labelKey: "admin.customers", icon: "users" },
      { href: "/admin/refunds", labelKey: "admin.refunds", icon: "undo" },
      { href: "/admin/revenue", labelKey: "admin.revenue", icon: "trending" },
    ],
  },
  {
    items: [
      { href: "/admin/status", labelKey: "admin.status", icon: "activity" },
      { href: "/admin/audit", labelKey: "admin.audit", icon: "scroll" },
      { href: "/admin/outbox", labelKey: "admin.outbox", icon: "mail" },
    ],
  },
];

/** Whether `pathname` is inside the item's section. */
export function isNavItemActive(item: NavItem, pathname: string): boolean {
  if (item.isExact) return pathname === item.href;
  return pathname === item.href || pathname.startsWith(`${item.href}/`);
}
