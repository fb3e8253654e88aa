import "server-only";
import type { DataScope } from "../usage/data-scope";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { invalidateKey } from "./cache";
import { updateOwnedKey } from "./owned-key";
import { describeSecret, generateSecret, hashSecret } from "./secret";

export type RotatedApiKey = { id: string; secret: string; prefix: string; last4: string };

/**
 * Give a key a new secret, keeping its name, limits and history. The old secret stops working at once: its hash is
 * gone from the table and evicted from every instance's cache. The new secret is returned here once.
 */
export async function rotateApiKey({ scope, keyId, actor }: { scope: DataScope; keyId: string; actor: AuditActor }): Promise<RotatedApiKey> {
  const secret = generateSecret();
  const { prefix, last4 } = describeSecret(secret);
  const key = await updateOwnedKey({
    scope,
    keyId,
    set: "secret_hash = $3, prefix = $4, last4 = $5",
    values: [hashSecret(secret), prefix, last4],
  });
  invalidateKey(key.id);
  await recordAudit({ actor, action: "key.rotate", targetType: "api_key", targetId: key.id, orgId: key.org_id });
  return { id: key.id, secret, prefix, last4 };
}
