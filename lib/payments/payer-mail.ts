/**
 * What the payment mails (./mail-top-up-receipts.ts, ./mail-refund-decisions.ts) share: the payer and the wallet's
 * organization read beside a latched row, and the link back to the page of that wallet.
 */
import "server-only";
import { appLink } from "../mail/send-action-mail";

/** The payer's address and language and the wallet's organization, for a `due` row with user_id and account_id. */
export const PAYER_COLUMNS = `u.email, u.name, u.locale, o.name as org_name`;
export const PAYER_JOINS = `join users u on u.id = due.user_id
       join ledger_accounts w on w.id = due.account_id
       left join organizations o on o.id = w.org_id`;

export type Payer = { email: string; name: string | null; locale: string; org_name: string | null };

/** The mail's button to the wallet's page (the organization's or the payer's billing), when APP_URL is set. */
export function walletAction(label: string, payer: Payer): { label: string; url: string } | undefined {
  const url = appLink(payer.org_name ? "/org" : "/billing");
  return url ? { label, url } : undefined;
}
