"use client";

import { useTranslations } from "next-intl";
import { ASSIGNABLE_ROLES } from "@/lib/orgs/roles";

/** The <option>s of the roles an invitation or an edit can give (never owner). */
export function AssignableRoleOptions() {
  const t = useTranslations("orgs.roles");
  return ASSIGNABLE_ROLES.map((option) => (
    <option key={option} value={option}>
      {t(option)}
    </option>
  ));
}
