/**
 * A transactional message built around one link (confirm, reset, sign in): the text version spells the link out
 * after its label, the HTML version makes it a button. Both carry the same paragraphs and footer.
 */
import "server-only";
import { renderMailHtml } from "./render-mail";
import { sendMail, type MailKind, type MailResult } from "./send-mail";

export async function sendActionMail({
  to,
  subject,
  kind,
  paragraphs,
  action,
  footer,
}: {
  to: string;
  subject: string;
  kind: MailKind;
  paragraphs: string[];
  action: { label: string; url: string };
  footer: string[];
}): Promise<MailResult> {
  const text = [...paragraphs, `${action.label}: ${action.url}`, ...footer].join("\n\n");
  return sendMail({ to, subject, kind, text, html: renderMailHtml({ paragraphs, action, footer }) });
}
