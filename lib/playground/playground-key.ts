/**
 * The key the console's playground spends through: one real API key per customer, named "Playground", so playground
 * requests go through the relay exactly like any other (limits, holds, the customer's balance, a log row and
 * rollups under that key). Its secret is derived from the app secret and the customer id (HMAC), so every instance
 * can present it without storing it anywhere; only its hash is in the table, like every key. If the customer
 * rotates or deletes it, the next playground request creates a fresh one; if they disable it, the playground
 * stops with the relay's own "disabled" answer.
 */
import "server-only";
import { createHmac } from "node:crypto";
import { appSecret } from "../app-secret";
import { sql } from "../db";
import { recordAudit } from "../audit/record-audit";
import { describeSecret, hashSecret } from "../keys/secret";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
export const PLAYGROUND_KEY_NAME = "Playground";

export function playgroundSecret(userId: string, secret: string = appSecret()): string {
  let body = "";
  for (let counter = 0; body.length < 48; counter += 1) {
    for (const byte of createHmac("sha256", secret).update(`switchyard.playground:${userId}:${counter}`).digest()) {
      if (byte < 248 && body.length < 48) body += ALPHABET[byte % 62];
    }
  }
  return `sk-${body}`;
}

export async function ensurePlaygroundKey({ userId }: { userId: string }): Promise<{ keyId: string; secret: string }> {
  const secret = playgroundSecret(userId);
  const hash = hashSecret(secret);
  const found = await sql<{ id: string }>(`select id from api_keys where secret_hash = $1 and user_id = $2 and deleted_at is null`, [hash, userId]);
  if (found.rows[0]) return { keyId: found.rows[0].id, secret };
  // A rotated or deleted playground key keeps its (old) hash row; the unique hash can then only belong to a
  // soft-deleted row of this user: revive nothing, insert when absent.
  const { prefix, last4 } = describeSecret(secret);
  const inserted = await sql<{ id: string }>(
    `insert into api_keys (user_id, name, secret_hash, prefix, last4)
     values ($1, $2, $3, $4, $5)
     on conflict (secret_hash) do update set deleted_at = null, is_enabled = true, updated_at = now()
       where api_keys.user_id = excluded.user_id
     returning id`,
    [userId, PLAYGROUND_KEY_NAME, hash, prefix, last4],
  );
  const keyId = inserted.rows[0].id;
  await recordAudit({ actor: { kind: "system" }, action: "key.create", targetType: "api_key", targetId: keyId, details: { name: PLAYGROUND_KEY_NAME, purpose: "playground" } });
  return { keyId, secret };
}
