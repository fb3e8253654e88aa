import "server-only";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { prisma } from "../db";
import { fromZodError } from "../errors";
import { describeSecret, generateSecret, hashSecret } from "./secret";
import { keyLimitsSchemaFor, type KeyLimitsInput } from "./schema";

export type CreatedApiKey = { id: string; secret: string; prefix: string; last4: string };

/** Create a key for a user (or for a user inside an org). The secret is returned here once and never stored. */
export async function createApiKey({
  userId,
  orgId = null,
  input,
  actor,
  locale,
}: {
  userId: string;
  orgId?: string | null;
  input: KeyLimitsInput;
  actor: AuditActor;
  /** language of validation messages (English by default) */
  locale?: string | null;
}): Promise<CreatedApiKey> {
  const parsed = keyLimitsSchemaFor(locale).safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  const limits = parsed.data;
  const secret = generateSecret();
  const { prefix, last4 } = describeSecret(secret);
  const key = await prisma().apiKey.create({
    data: {
      userId,
      orgId,
      name: limits.name,
      secretHash: hashSecret(secret),
      prefix,
      last4,
      creditCap: limits.creditCap,
      allowedModels: limits.allowedModels,
      allowedIps: limits.allowedIps,
      expiresAt: limits.expiresAt,
      rpmLimit: limits.rpmLimit,
      concurrencyLimit: limits.concurrencyLimit,
    },
  });
  await recordAudit({
    actor,
    action: "key.create",
    targetType: "api_key",
    targetId: key.id,
    orgId,
    details: { name: limits.name, creditCap: limits.creditCap, allowedModels: limits.allowedModels, expiresAt: limits.expiresAt },
  });
  return { id: key.id, secret, prefix, last4 };
}
