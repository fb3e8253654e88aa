/**
 * One receipt mail per paid top-up, to the person who paid: what was added, to which wallet (their own or an
 * organization's), the balance now, and Stripe's card receipt. Sent after the event that credited the top-up has
 * committed — never inside its transaction, so a slow mail server cannot hold a wallet's lock or fail a webhook.
 * `top_ups.receipt_mailed_at` is the latch: the statement that finds a due receipt also sets it, so concurrent
 * webhook deliveries and processes never send one twice; if writing a mail fails, its latch is cleared (the others
 * still go) and the next pass (the next webhook, or the minute's job in ./jobs.ts) sends it. A process that stops between the latch and
 * the outbox row loses that one receipt (at most once, never twice). A mail the SMTP server refuses is in the
 * operator's outbox as failed, like every other mail.
 */
import "server-only";
import { translator } from "@/i18n/translator";
import { getWalletBalance } from "../billing/accounts";
import { sql } from "../db";
import { sendActionMail } from "../mail/send-action-mail";
import { sendLatched } from "../mail/send-latched";
import { formatUsd } from "../money";
import { PAYER_COLUMNS, PAYER_JOINS, walletAction, type Payer } from "./payer-mail";

type DueReceipt = Payer & { id: string; account_id: string; amount: bigint; paid_at: Date; receipt_url: string | null };

/** Send the receipts of paid top-ups not mailed yet; returns how many were written. */
export async function mailTopUpReceipts(): Promise<number> {
  const { rows } = await sql<DueReceipt>(
    `with due as (
       update top_ups t set receipt_mailed_at = now()
        where t.status = 'paid' and t.receipt_mailed_at is null
        returning t.id, t.account_id, t.user_id, t.amount, t.paid_at, t.receipt_url
     )
     select due.id, due.account_id, due.amount, due.paid_at, due.receipt_url, ${PAYER_COLUMNS}
       from due ${PAYER_JOINS}
      order by due.paid_at`,
  );
  return sendLatched(rows, {
    send: sendReceipt,
    unlatch: async (receipt) => {
      await sql(`update top_ups set receipt_mailed_at = null where id = $1`, [receipt.id]);
    },
  });
}

async function sendReceipt(receipt: DueReceipt): Promise<void> {
  const { account_id, amount, paid_at, receipt_url, email, name, locale, org_name } = receipt;
  const m = translator({ locale, namespace: "mail" });
  const { available } = await getWalletBalance(account_id);
  const values = { amount: formatUsd(amount), org: org_name ?? "", date: paid_at.toISOString().slice(0, 16).replace("T", " ") };
  const paragraphs = [
    name ? m("greetingName", { name }) : m("greeting"),
    m(org_name ? "receipt.introOrg" : "receipt.intro", values),
    m("receipt.balance", { balance: formatUsd(available < 0n ? 0n : available) }),
    ...(receipt_url ? [m("receipt.card", { url: receipt_url })] : []),
  ];
  const footer = [m("receipt.refunds"), m("signature")];
  const action = walletAction(m("receipt.action"), receipt);
  await sendActionMail({ to: email, kind: "receipt", subject: m(org_name ? "receipt.subjectOrg" : "receipt.subject", values), paragraphs, action, footer });
}
