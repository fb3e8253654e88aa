/**
 * A transactional message built around one link (confirm, reset, sign in, open billing): the text version spells
 * the link out after its label, the HTML version makes it a button. Both carry the same paragraphs and footer. A
 * message whose link needs the site's public address (appLink) goes without it when APP_URL is not set.
 */
import "server-only";
import { env } from "../env";
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
  action: { label: string; url: string } | undefined;
  footer: string[];
}): Promise<MailResult> {
  const text = [...paragraphs, ...(action ? [`${action.label}: ${action.url}`] : []), ...footer].join("\n\n");
  return sendMail({ to, subject, kind, text, html: renderMailHtml({ paragraphs, action, footer }) });
}

/**
 * A console page's address for mail sent outside a request (webhooks, background jobs): APP_URL's origin + path, or
 * undefined without APP_URL (the host of a request is not there to go by).
 */
export function appLink(path: string): string | undefined {
  const { APP_URL } = env();
  return APP_URL ? `${new URL(APP_URL).origin}${path}` : undefined;
}
