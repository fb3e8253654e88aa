/**
 * Remember a signed-in user's console language, so e-mail (password resets, alerts, receipts) speaks it too.
 */
import "server-only";
import { z } from "zod";
import { prisma } from "../db";
import { fromZodError } from "../errors";
import { LOCALES } from "@/i18n/config";

const schema = z.object({ locale: z.enum(LOCALES, { error: `locale must be one of: ${LOCALES.join(", ")}` }) });

export async function setUserLocale({ userId, input }: { userId: string; input: unknown }): Promise<{ locale: string }> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  await prisma().user.update({ where: { id: userId }, data: { locale: parsed.data.locale } });
  return parsed.data;
}
