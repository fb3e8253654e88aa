import "server-only";
/**
 * The Responses API store: what the relay keeps so that `previous_response_id` works.
 *
 * - A converted response (a /v1/responses request served by a chat-only, Anthropic or Gemini channel) keeps its
 *   whole conversation — input items so far plus the Responses object returned — encrypted at rest (AES-256-GCM,
 *   key derived from the app secret for this purpose only). Prompt and output text live only here.
 * - A native response (served by an OpenAI channel with the Responses API, which keeps its own state) keeps only
 *   its id → channel mapping, so a follow-up goes back to the upstream account that holds the conversation.
 *
 * Rows belong to the owner of the key that made them (the key's org, else its user): another customer's id reads
 * as unknown. They expire after RESPONSE_TTL_MS (swept by the relay.expire-responses job); a conversation larger
 * than MAX_STATE_BYTES is not kept (a follow-up then gets "not found", as after expiry).
 */
import { hkdfSync } from "node:crypto";
import { appSecret } from "../app-secret";
import { decryptSecret, encryptSecret } from "../crypto";
import { sql } from "../db";
import type { ApiKeyAuth } from "../keys/types";
import { logger } from "../log";
import { singleton } from "../singleton";
import { track as trackIdle } from "./idle";
import type { ResponsesInputItem } from "./providers/openai/responses-types";

const RESPONSE_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/** a stored conversation's plaintext cap; longer ones are not kept */
const MAX_STATE_BYTES = 4 * 1024 * 1024;

/** A converted response's conversation: enough to continue it, and to answer GET /v1/responses/{id}. */
export type StoredConversation = {
  /** every input item of the conversation up to this response (earlier turns included) */
  input: ResponsesInputItem[];
  /** the Responses object the client received (its output items continue the conversation) */
  response: Record<string, unknown>;
};

export type StoredResponse = { id: string; channelId: string | null; conversation: StoredConversation | null };

/** In-flight saves by response id: a follow-up that arrives before its predecessor's row is written waits for it. */
const pendingSaves = singleton("relay.response-store.pending", () => new Map<string, Promise<void>>());

function storeKey(): Buffer {
  return singleton("relay.response-store.key", () => Buffer.from(hkdfSync("sha256", appSecret(), "switchyard", "relay-response-store", 32)));
}

/** The owner a stored response belongs to: the key's org, else its user. */
export function ownerOf(key: Pick<ApiKeyAuth, "orgId" | "userId">): string {
  return key.orgId ?? key.userId;
}

function track(id: string, save: Promise<void>): Promise<void> {
  const guarded = save.catch((error: unknown) => {
    // metadata only: the conversation itself never reaches a log
    logger().warn({ responseId: id, err: error instanceof Error ? error.message : String(error) }, "could not store a response");
  });
  pendingSaves.set(id, guarded);
  trackIdle(guarded, "store response");
  void guarded.finally(() => {
    if (pendingSaves.get(id) === guarded) pendingSaves.delete(id);
  });
  return guarded;
}

async function insertRow({ id, owner, channelId, isConverted, state, stateBytes }: { id: string; owner: string; channelId: string | null; isConverted: boolean; state: string | null; stateBytes: number }): Promise<void> {
  await sql(
    `insert into relay_responses (id, owner_id, channel_id, is_converted, state, state_bytes, expires_at)
     values ($1, $2, $3, $4, $5, $6, now() + $7 * interval '1 millisecond')
     on conflict (id) do nothing`,
    [id, owner, channelId, isConverted, state, stateBytes, RESPONSE_TTL_MS],
  );
}

/** Keep a converted response's conversation (encrypted). Returns at once; the write is awaited by lookups of this id. */
export function saveConversation({ id, owner, conversation }: { id: string; owner: string; conversation: StoredConversation }): Promise<void> {
  const plain = JSON.stringify(conversation);
  const bytes = Buffer.byteLength(plain);
  if (bytes > MAX_STATE_BYTES) {
    logger().warn({ responseId: id, bytes, limit: MAX_STATE_BYTES }, "response not stored: its conversation is over the size cap");
    return Promise.resolve();
  }
  return track(id, insertRow({ id, owner, channelId: null, isConverted: true, state: encryptSecret(plain, storeKey()), stateBytes: bytes }));
}

/** Remember which channel produced a native response (no text is kept). */
export function saveNativeResponse({ id, owner, channelId }: { id: string; owner: string; channelId: string }): Promise<void> {
  return track(id, insertRow({ id, owner, channelId, isConverted: false, state: null, stateBytes: 0 }));
}

/** The stored response with this id, if it belongs to `owner` and has not expired. */
export async function findStoredResponse({ id, owner }: { id: string; owner: string }): Promise<StoredResponse | null> {
  await pendingSaves.get(id);
  const { rows } = await sql<{ channel_id: string | null; is_converted: boolean; state: string | null }>(
    `select channel_id, is_converted, state from relay_responses where id = $1 and owner_id = $2 and expires_at > now()`,
    [id, owner],
  );
  const row = rows[0];
  if (!row) return null;
  if (!row.is_converted || row.state === null) return { id, channelId: row.channel_id, conversation: null };
  const conversation = decryptConversation(id, row.state);
  return conversation ? { id, channelId: row.channel_id, conversation } : null;
}

/** A state that no longer decrypts (the app secret changed) reads as gone, not as a server error. */
function decryptConversation(id: string, state: string): StoredConversation | null {
  try {
    return JSON.parse(decryptSecret(state, storeKey())) as StoredConversation;
  } catch {
    logger().warn({ responseId: id }, "a stored response could not be decrypted (was the app secret changed?)");
    return null;
  }
}

/** Forget a stored response; false when the owner has none with this id. */
export async function deleteStoredResponse({ id, owner }: { id: string; owner: string }): Promise<boolean> {
  await pendingSaves.get(id);
  const { rowCount } = await sql(`delete from relay_responses where id = $1 and owner_id = $2`, [id, owner]);
  return (rowCount ?? 0) > 0;
}

/** Delete expired rows in batches (the sweep job); returns how many went. */
export async function sweepExpiredResponses({ batchSize = 5_000 }: { batchSize?: number } = {}): Promise<number> {
  let total = 0;
  for (;;) {
    const { rowCount } = await sql(`delete from relay_responses where id in (select id from relay_responses where expires_at <= now() limit $1)`, [batchSize]);
    total += rowCount ?? 0;
    if ((rowCount ?? 0) < batchSize) return total;
  }
}
