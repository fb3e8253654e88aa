/**
 * Translations outside React (e-mails, background jobs, the CLI): the same catalogs as the console.
 */
import { createTranslator } from "use-intl/core";
import { DEFAULT_LOCALE, isLocale, type Locale } from "./config";
import { loadMessages } from "./messages";

export type Translate = (key: string, values?: Record<string, string | number | Date>) => string;

/** A translator for one namespace, e.g. `translator({ locale: user.locale, namespace: "mail" })("reset.subject")`. */
export function translator({ locale, namespace }: { locale?: string | null; namespace: string }): Translate {
  const resolved: Locale = isLocale(locale) ? locale : DEFAULT_LOCALE;
  const t = createTranslator({ locale: resolved, messages: loadMessages(resolved), namespace, timeZone: "UTC" });
  return (key, values) => (t as unknown as Translate)(key, values);
}
