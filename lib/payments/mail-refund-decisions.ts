/**
 * One mail per decided refund request, to the customer who asked: refunded to the card (how much, when it shows),
 * failed at the card's end (the credit stays in the balance), or declined by the operator (with the operator's note).
 * Like receipts (./mail-top-up-receipts.ts): sent after the deciding transaction commits, once per request through
 * the latch `refund_requests.decision_mailed_at`, which is cleared again when writing the mail fails.
 */
import "server-only";
import { translator } from "@/i18n/translator";
import { sql } from "../db";
import { sendActionMail } from "../mail/send-action-mail";
import { sendLatched } from "../mail/send-latched";
import { formatUsd } from "../money";
import { PAYER_COLUMNS, PAYER_JOINS, walletAction, type Payer } from "./payer-mail";

type DecidedRequest = Payer & {
  id: string;
  status: "completed" | "failed" | "rejected";
  amount: bigint;
  /** what reached the card (completed requests may be partly refunded) */
  refunded: bigint;
  decision_note: string | null;
};

/** Send the outcome of every decided refund request not mailed yet; returns how many were written. */
export async function mailRefundDecisions(): Promise<number> {
  const { rows } = await sql<DecidedRequest>(
    `with due as (
       update refund_requests r set decision_mailed_at = now()
        where r.status in ('completed', 'failed', 'rejected') and r.decision_mailed_at is null
        returning r.id, r.status, r.amount, r.decision_note, r.user_id, r.account_id, r.created_at
     )
     select due.id, due.status, due.amount, due.decision_note, ${PAYER_COLUMNS},
            coalesce((select sum(a.amount) from refund_allocations a where a.refund_request_id = due.id and a.applied_at is not null), 0)::bigint as refunded
       from due ${PAYER_JOINS}
      order by due.created_at`,
  );
  return sendLatched(rows, {
    send: sendDecision,
    unlatch: async (request) => {
      await sql(`update refund_requests set decision_mailed_at = null where id = $1`, [request.id]);
    },
  });
}

async function sendDecision(request: DecidedRequest): Promise<void> {
  const { status, amount, refunded, decision_note, email, name, locale, org_name } = request;
  const m = translator({ locale, namespace: "mail" });
  const values = { amount: formatUsd(amount), refunded: formatUsd(refunded), org: org_name ?? "" };
  const wallet = org_name ? "Org" : "";
  const paragraphs = [name ? m("greetingName", { name }) : m("greeting")];
  if (status === "completed") {
    paragraphs.push(m(refunded < amount ? `refund.partial${wallet}` : `refund.completed${wallet}`, values), m("refund.timing"));
  } else if (status === "failed") {
    paragraphs.push(m(`refund.failed${wallet}`, values));
  } else {
    paragraphs.push(m(`refund.rejected${wallet}`, values));
    if (decision_note) paragraphs.push(m("refund.note", { note: decision_note }));
  }
  const footer = [m("signature")];
  const action = walletAction(m("refund.action"), request);
  await sendActionMail({ to: email, kind: "refund", subject: m(`refund.subject.${status}`, values), paragraphs, action, footer });
}
