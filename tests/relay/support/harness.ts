/**
 * The relay under test: its Node handler (the production door) on a free local port, against this test file's
 * database, with fake upstreams; customers, keys, channels and prices are seeded through the library functions.
 */
import http from "node:http";
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterAll, afterEach, beforeAll } from "vitest";
import { walletId as walletOf, getWalletBalance } from "../../../lib/billing/accounts";
import { creditWallet } from "../../../lib/billing/ledger";
import { setPrice, upsertModel, type ModelKind } from "../../../lib/billing/pricing";
import { createChannel } from "../../../lib/channels/create-channel";
import type { ChannelInput } from "../../../lib/channels/schema";
import { sql } from "../../../lib/db";
import { resetEnv } from "../../../lib/env";
import { createApiKey } from "../../../lib/keys/create-api-key";
import type { KeyLimitsInput } from "../../../lib/keys/schema";
import { invalidateModelCatalog } from "../../../lib/relay/model-catalog";
import { relayIdle } from "../../../lib/relay/idle";
import { createRelayServerHandler } from "../../../lib/relay/server-handler";
import { startFakeUpstream, type FakeUpstream } from "../../fakes/upstream";
import { listenLocal, type LocalServer } from "../../support/listen-local";

process.env.ALLOW_LOCAL_UPSTREAMS = "1";
resetEnv();

export type Relay = LocalServer;

export async function startRelay(): Promise<Relay> {
  const handle = createRelayServerHandler();
  const server = http.createServer((req, res) => {
    if (!handle(req, res)) res.writeHead(404).end("not the relay");
  });
  return listenLocal(server);
}

let counter = 0;

export type Customer = { userId: string; walletId: string; keyId: string; secret: string };

/** A user with a paid balance (micro-units) and one API key. */
export async function createCustomer({ balance = 10_000_000n, key = {} }: { balance?: bigint; key?: Partial<KeyLimitsInput> } = {}): Promise<Customer> {
  counter++;
  const { rows } = await sql<{ id: string }>(`insert into users (email, email_verified_at) values ($1, now()) returning id`, [`relay-${counter}-${Date.now()}@example.com`]);
  const userId = rows[0].id;
  const walletId = await walletOf({ userId });
  if (balance > 0n) {
    await creditWallet({ owner: { userId }, amount: balance, bucket: "paid", source: "card_payments", kind: "topup", idempotencyKey: `relay-test-topup:${userId}` });
  }
  const created = await createApiKey({ userId, input: { name: "test", ...key }, actor: { kind: "system" } });
  return { userId, walletId, keyId: created.id, secret: created.secret };
}

/** A model at simple prices: 1 micro-unit per input token, 2 per output token (cache read 0.5, write 1.25). */
export async function createModel({
  id,
  kind = "chat",
  maxOutputTokens = 1_000,
  contextWindow = 100_000,
  perImage = null,
}: {
  id: string;
  kind?: ModelKind;
  maxOutputTokens?: number;
  contextWindow?: number;
  perImage?: bigint | null;
}): Promise<void> {
  await upsertModel({ id, vendor: "test", kind, contextWindow, maxOutputTokens, modalities: ["text"], isVisible: true });
  await setPrice({
    modelId: id,
    inputPerM: 1_000_000n,
    outputPerM: 2_000_000n,
    cacheReadPerM: 500_000n,
    cacheWritePerM: 1_250_000n,
    perImage,
    effectiveFrom: new Date(Date.now() - 60_000),
    actor: { kind: "system" },
  });
  invalidateModelCatalog();
}

export async function addChannel({ fake, type, models, name, ...rest }: { fake: FakeUpstream; type: ChannelInput["type"]; models: string[]; name?: string } & Partial<ChannelInput>) {
  counter++;
  return createChannel({
    input: {
      name: name ?? `${type}-${counter}`,
      type,
      baseUrl: type === "openai" ? `${fake.url}/v1` : fake.url,
      secrets: [`upstream-secret-${counter}-abcdef`],
      models,
      ...rest,
    },
    actor: { kind: "system" },
  });
}

export async function balanceOf(walletId: string): Promise<bigint> {
  await relayIdle();
  return (await getWalletBalance(walletId)).total;
}

export type LogRow = {
  request_id: string;
  endpoint: string;
  model: string;
  channel_id: string | null;
  attempts: number;
  is_stream: boolean;
  status: number;
  error_code: string | null;
  input_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  output_tokens: number;
  reasoning_tokens: number;
  image_count: number;
  cost: bigint;
  upstream_cost: bigint;
  ttft_ms: number | null;
  usage_estimated: boolean;
  client_ip: string | null;
};

export async function logsOf(keyId: string): Promise<LogRow[]> {
  await relayIdle();
  const { rows } = await sql<LogRow>(`select * from request_logs where api_key_id = $1 order by id`, [keyId]);
  return rows;
}

export async function lastLog(keyId: string): Promise<LogRow> {
  const rows = await logsOf(keyId);
  if (rows.length === 0) throw new Error("no request log row");
  return rows[rows.length - 1];
}

export function openaiClient(relay: Relay, secret: string): OpenAI {
  return new OpenAI({ baseURL: `${relay.url}/v1`, apiKey: secret, maxRetries: 0, timeout: 20_000 });
}

export function anthropicClient(relay: Relay, secret: string): Anthropic {
  return new Anthropic({ baseURL: relay.url, apiKey: secret, maxRetries: 0, timeout: 20_000 });
}

/** Cost at the test prices (1 per input token, 2 per output, 0.5 per cache read, 1.25 per cache write), rounded up once. */
export function testCost({ input, output, cacheRead = 0, cacheWrite = 0 }: { input: number; output: number; cacheRead?: number; cacheWrite?: number }): bigint {
  const quarterMicros = input * 4 + output * 8 + cacheRead * 2 + cacheWrite * 5;
  return BigInt(Math.ceil(quarterMicros / 4));
}

export type RelaySuite = { relay: Relay; fake: FakeUpstream; customer: Customer };

/**
 * A describe block's relay, fake upstream and one customer, started once for the block: `seed` adds the block's
 * models and channels against the fake before the customer is made; the fake forgets its requests after every test.
 * The fields are filled in beforeAll, so read them inside tests, not at collection time.
 */
export function useRelay(seed: (fake: FakeUpstream) => Promise<void>, { balance }: { balance?: bigint } = {}): RelaySuite {
  const suite = {} as RelaySuite;
  beforeAll(async () => {
    suite.fake = await startFakeUpstream();
    suite.relay = await startRelay();
    await seed(suite.fake);
    suite.customer = await createCustomer({ balance });
  });
  afterEach(() => suite.fake.reset());
  afterAll(async () => {
    await suite.relay.close();
    await suite.fake.close();
  });
  return suite;
}

export { startFakeUpstream, relayIdle };
