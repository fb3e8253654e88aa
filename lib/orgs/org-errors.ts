/** Messages of organization errors in the caller's language (the `orgs.errors` catalog). */
import { translator, type Translate } from "@/i18n/translator";

export function orgErrors(locale?: string | null): Translate {
  return translator({ locale, namespace: "orgs.errors" });
}
