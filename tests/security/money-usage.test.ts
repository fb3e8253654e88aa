/**
 * Money: an upstream's usage report is not trusted beyond what is possible. Negative, NaN-like or string counts and
 * missing reports are counted locally (flag `invalid` / `missing`); enormous counts are cut to the model's context
 * window and the held output limit, and the charge never exceeds the hold (flag `clamped`). The log row keeps the
 * flag, the log line says why without any prompt text, and the ledger stays balanced.
 */
import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkLedger } from "../../lib/billing/ledger";
import { sql } from "../../lib/db";
import { MAX_REPORTED_TOKENS, boundUsage, finalUsage } from "../../lib/relay/final-usage";
import { dropSingleton, singleton } from "../../lib/singleton";
import { addChannel, anthropicClient, createCustomer, createModel, lastLog, openaiClient, relayIdle, startRelay, testCost, type Relay } from "../relay/support/harness";
import { anthropicJson, anthropicStream, anthropicUsage, chatJson, chatStream, chatUsage, startScriptedUpstream, type ScriptedUpstream } from "./support/money-upstream";

const usage = (noCache: number, cacheRead: number, text: number, reasoning = 0) => ({ input: { noCache, cacheRead, cacheWrite: 0 }, output: { text, reasoning } });
const PIECES = ["alpha ", "beta ", "gamma ", "delta "];
const BALANCE = 1_000_000n;
const MAX_TOKENS = 50;

describe("usage rule (final-usage.ts)", () => {
  it("bounds every count to [0, the request's limits] and says so", () => {
    expect(boundUsage(usage(1e15, 0, 1e15), { maxInputTokens: 1_000, maxOutputTokens: 50 })).toEqual({ usage: usage(1_000, 0, 50), isClamped: true });
    expect(boundUsage(usage(-5, Number.NaN, Number.POSITIVE_INFINITY), undefined)).toEqual({ usage: usage(0, 0, 0), isClamped: true });
    expect(boundUsage(usage(1e12, 0, 3), undefined).usage.input.noCache).toBe(MAX_REPORTED_TOKENS);
    expect(boundUsage(usage(10, 5, 7), { maxInputTokens: 1_000, maxOutputTokens: 50 })).toEqual({ usage: usage(10, 5, 7), isClamped: false });
  });

  it("counts locally what a completed report could not say", () => {
    const delivered = () => 4;
    expect(finalUsage({ reported: usage(0, 0, 0), isComplete: true, promptTokens: 9, countDelivered: delivered })).toEqual({ usage: usage(9, 0, 4), isEstimated: true, flag: "missing" });
    expect(finalUsage({ reported: usage(0, 0, 6), isComplete: true, promptTokens: 9, countDelivered: delivered })).toEqual({ usage: usage(9, 0, 6), isEstimated: true, flag: "invalid" });
    expect(finalUsage({ reported: usage(12, 0, 0), isComplete: true, promptTokens: 9, countDelivered: delivered })).toEqual({ usage: usage(12, 0, 4), isEstimated: true, flag: "invalid" });
    // an embedding: input only, nothing delivered as text
    expect(finalUsage({ reported: usage(12, 0, 0), isComplete: true, promptTokens: 9, countDelivered: () => 0 })).toEqual({ usage: usage(12, 0, 0), isEstimated: false });
  });
});

describe("absurd upstream usage through the relay", () => {
  let relay: Relay;
  let up: ScriptedUpstream;
  const warnings: string[] = [];

  beforeAll(async () => {
    up = await startScriptedUpstream();
    relay = await startRelay();
    await createModel({ id: "absurd-chat" });
    await createModel({ id: "absurd-claude" });
    const fake = { url: up.url } as Parameters<typeof addChannel>[0]["fake"];
    await addChannel({ fake, type: "openai", models: ["absurd-chat"] });
    await addChannel({ fake, type: "anthropic", models: ["absurd-claude"] });
    // the process logger (silent in tests) is swapped for one that keeps its warnings here
    dropSingleton("logger");
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        warnings.push(chunk.toString());
        done();
      },
    });
    singleton("logger", () => pino({ level: "warn" }, sink));
  });

  afterAll(async () => {
    dropSingleton("logger");
    await relay.close();
    await up.close();
    const check = await checkLedger();
    expect(check.problems).toEqual([]);
    expect(check.ok).toBe(true);
  });

  async function chatStreamed(secret: string, reported: unknown): Promise<void> {
    up.queue(chatStream({ pieces: PIECES, usage: reported }));
    const stream = await openaiClient(relay, secret).chat.completions.create({ model: "absurd-chat", max_tokens: MAX_TOKENS, stream: true, messages: [{ role: "user", content: "Hi secret-prompt-text" }] });
    for await (const _ of stream);
  }

  async function chatPlain(secret: string, reported: unknown): Promise<void> {
    up.queue(chatJson({ text: PIECES.join(""), usage: reported }));
    await openaiClient(relay, secret).chat.completions.create({ model: "absurd-chat", max_tokens: MAX_TOKENS, messages: [{ role: "user", content: "Hi secret-prompt-text" }] });
  }

  async function spent(walletId: string): Promise<bigint> {
    await relayIdle();
    const { rows } = await sql<{ total: bigint; held: bigint }>(`select paid + trial as total, held from ledger_accounts where id = $1`, [walletId]);
    expect(rows[0].held).toBe(0n);
    return BALANCE - rows[0].total;
  }

  for (const [door, send] of [
    ["streamed", chatStreamed],
    ["JSON", chatPlain],
  ] as const) {
    it(`${door}: 10^15 tokens are clamped to the model's limits and the charge to the hold`, async () => {
      const customer = await createCustomer({ balance: BALANCE });
      await send(customer.secret, chatUsage({ prompt: 1e15, completion: 1e15 }));
      const log = await lastLog(customer.keyId);
      expect(log).toMatchObject({ status: 200, usage_flag: "clamped", output_tokens: MAX_TOKENS });
      expect(log.input_tokens).toBeLessThanOrEqual(100_000);
      // the hold covers the prompt with its margin and max_tokens of output: far below what 10^15 tokens would cost
      expect(log.cost).toBeGreaterThan(testCost({ input: 0, output: MAX_TOKENS }));
      expect(log.cost).toBeLessThan(testCost({ input: 100, output: MAX_TOKENS }));
      expect(await spent(customer.walletId)).toBe(log.cost);
      const warning = warnings.find((line) => line.includes(log.request_id));
      expect(warning).toBeDefined();
      expect(warning).not.toContain("secret-prompt-text");
    });

    it(`${door}: negative counts are not a discount: counted locally, flagged`, async () => {
      const customer = await createCustomer({ balance: BALANCE });
      await send(customer.secret, chatUsage({ prompt: -500, completion: -100, cached: -7 }));
      const log = await lastLog(customer.keyId);
      expect(log).toMatchObject({ status: 200, usage_estimated: true });
      expect(log).toMatchObject({ usage_flag: expect.stringMatching(/^(missing|invalid)$/) });
      expect(log.input_tokens).toBeGreaterThan(0);
      expect(log.output_tokens).toBeGreaterThan(0);
      expect(log.cost).toBe(testCost({ input: log.input_tokens, output: log.output_tokens }));
      expect(await spent(customer.walletId)).toBe(log.cost);
    });

    it(`${door}: strings, nulls and a missing report are counted locally, flagged`, async () => {
      const customer = await createCustomer({ balance: BALANCE });
      await send(customer.secret, chatUsage({ prompt: "12", completion: "NaN", cached: null }));
      expect(await lastLog(customer.keyId)).toMatchObject({ usage_flag: "missing", usage_estimated: true });
      await send(customer.secret, { prompt_tokens: 9 });
      expect(await lastLog(customer.keyId)).toMatchObject({ usage_flag: "invalid", usage_estimated: true, input_tokens: 9 });
      await send(customer.secret, undefined);
      const log = await lastLog(customer.keyId);
      expect(log).toMatchObject({ usage_flag: "missing", usage_estimated: true });
      expect(log.cost).toBeGreaterThan(0n);
    });
  }

  it("Anthropic, streamed and JSON: enormous cache counts are clamped, the charge never exceeds the hold", async () => {
    const customer = await createCustomer({ balance: BALANCE });
    const client = anthropicClient(relay, customer.secret);
    const absurd = anthropicUsage({ input: 3, output: 4, cacheRead: 1e15, cacheWrite: 1e15 });
    up.queue(anthropicJson({ text: PIECES.join(""), usage: absurd }));
    await client.messages.create({ model: "absurd-claude", max_tokens: MAX_TOKENS, messages: [{ role: "user", content: "Hi" }] });
    const json = await lastLog(customer.keyId);
    up.queue(anthropicStream({ pieces: PIECES, usage: absurd }));
    await client.messages.stream({ model: "absurd-claude", max_tokens: MAX_TOKENS, messages: [{ role: "user", content: "Hi" }] }).finalMessage();
    const streamed = await lastLog(customer.keyId);
    for (const log of [json, streamed]) {
      expect(log).toMatchObject({ usage_flag: "clamped", input_tokens: 3, output_tokens: 4 });
      expect(log.input_tokens + log.cache_read_tokens + log.cache_write_tokens).toBeLessThanOrEqual(100_000);
      expect(log.cost).toBeLessThan(testCost({ input: 200, output: MAX_TOKENS }));
    }
    expect(json.cost).toBe(streamed.cost);
    expect(await spent(customer.walletId)).toBe(json.cost + streamed.cost);
  });

  it("a sane report is billed as reported, unflagged", async () => {
    const customer = await createCustomer({ balance: BALANCE });
    await chatStreamed(customer.secret, chatUsage({ prompt: 14, completion: 4 }));
    expect(await lastLog(customer.keyId)).toMatchObject({ usage_flag: null, usage_estimated: false, input_tokens: 14, output_tokens: 4, cost: testCost({ input: 14, output: 4 }) });
  });
});
