/**
 * Outgoing e-mail. Every message is first written to outbox_messages, so the operator can always see what was
 * sent; with SMTP_URL it then goes out through nodemailer (status sent, or failed with the reason), without it the
 * message is "kept" in the outbox, which is how a single machine with no mail server still delivers reset links.
 */
import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { prisma } from "../db";
import { env } from "../env";
import { logger } from "../log";
import { singleton } from "../singleton";

export type MailKind = "password_reset" | "invitation" | "low_balance" | "receipt" | "refund" | "notice" | (string & {});

export type MailInput = {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** What the message is for (filters the outbox; never shown to the recipient). */
  kind: MailKind;
};

export type MailStatus = "sent" | "kept" | "failed";
export type MailResult = { id: string; status: MailStatus };

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

function transport(url: string): Transporter {
  return singleton(`mail.transport.${url}`, () => nodemailer.createTransport(url));
}

/** SMTP errors may echo credentials in the URL; keep only the first line, with any URL userinfo removed. */
function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0].replace(/\/\/[^@/\s]+@/g, "//***@").slice(0, 500);
}

/** Whether mail leaves the machine (SMTP_URL) or is kept in the outbox. */
export function isMailConfigured(): boolean {
  return Boolean(env().SMTP_URL);
}

export async function sendMail({ to, subject, text, html, kind }: MailInput): Promise<MailResult> {
  const recipient = to.trim();
  if (!EMAIL.test(recipient)) throw new Error(`sendMail: "${recipient}" is not an e-mail address`);
  if (!subject.trim()) throw new Error("sendMail: a subject is required");
  const row = await prisma().outboxMessage.create({
    data: { to: recipient, subject, text, html: html ?? null, kind, status: "pending" },
    select: { id: true },
  });
  const { SMTP_URL, MAIL_FROM } = env();
  if (!SMTP_URL) {
    await prisma().outboxMessage.update({ where: { id: row.id }, data: { status: "kept" } });
    return { id: row.id, status: "kept" };
  }
  try {
    await transport(SMTP_URL).sendMail({ from: MAIL_FROM, to: recipient, subject, text, html });
    await prisma().outboxMessage.update({ where: { id: row.id }, data: { status: "sent", sentAt: new Date() } });
    return { id: row.id, status: "sent" };
  } catch (error) {
    const reason = describeError(error);
    logger().warn({ outboxId: row.id, kind, reason }, "mail delivery failed");
    await prisma().outboxMessage.update({ where: { id: row.id }, data: { status: "failed", error: reason } });
    return { id: row.id, status: "failed" };
  }
}
