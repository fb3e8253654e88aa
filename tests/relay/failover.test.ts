import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { checkLedger } from "../../lib/billing/ledger";
import { listChannelsWithHealth } from "../../lib/admin/list-channels-with-health";
import { sql } from "../../lib/db";
import { dropSingleton } from "../../lib/singleton";
import type { FakeUpstream } from "../fakes/upstream";
import { DEFAULT_TEXT } from "../fakes/upstream-types";
import { addChannel, anthropicClient, balanceOf, createCustomer, createModel, lastLog, logsOf, openaiClient, relayIdle, startFakeUpstream, startRelay, testCost, type Relay } from "./support/harness";

describe("failover, broken streams and money under concurrency", () => {
  let relay: Relay;
  let primary: FakeUpstream;
  let backup: FakeUpstream;
  let primaryChannelId: string;
  let backupChannelId: string;

  beforeAll(async () => {
    primary = await startFakeUpstream();
    backup = await startFakeUpstream();
    relay = await startRelay();
    await createModel({ id: "fo-model" });
    await createModel({ id: "fo-claude" });
    await createModel({ id: "one-channel" });
    await createModel({ id: "multi-key" });
    primaryChannelId = (await addChannel({ fake: primary, type: "openai", models: ["fo-model"], priority: 10, timeoutMs: 400 })).id;
    backupChannelId = (await addChannel({ fake: backup, type: "openai", models: ["fo-model"], priority: 0 })).id;
    await addChannel({ fake: primary, type: "anthropic", models: ["fo-claude"], priority: 10, timeoutMs: 400 });
    await addChannel({ fake: backup, type: "anthropic", models: ["fo-claude"], priority: 0 });
    await addChannel({ fake: primary, type: "openai", models: ["one-channel"], timeoutMs: 2_000 });
    await addChannel({ fake: primary, type: "openai", models: ["multi-key"], secrets: ["key-one-aaaaaaaa", "key-two-bbbbbbbb"] });
  });

  afterEach(() => {
    primary.reset();
    backup.reset();
    dropSingleton("relay.health"); // each case starts with healthy channels and rested secrets
    dropSingleton("relay.secrets");
  });

  afterAll(async () => {
    await relay.close();
    await primary.close();
    await backup.close();
  });

  for (const failure of [{ status: 500 }, { status: 429, retryAfterSeconds: 1 }, { hang: true }] as const) {
    it(`fails over when the first channel answers ${JSON.stringify(failure)}, and the failed attempt costs nothing`, async () => {
      const customer = await createCustomer({ balance: 1_000_000n });
      primary.setBehavior(failure);
      const completion = await openaiClient(relay, customer.secret).chat.completions.create({ model: "fo-model", messages: [{ role: "user", content: "Hi" }] });
      expect(completion.choices[0].message.content).toBe(DEFAULT_TEXT);
      expect(primary.requests).toHaveLength(1);
      expect(backup.requests).toHaveLength(1);
      const cost = testCost({ input: 12, output: 5 });
      expect(await balanceOf(customer.walletId)).toBe(1_000_000n - cost);
      const logs = await logsOf(customer.keyId);
      expect(logs).toHaveLength(1);
      expect(logs[0]).toMatchObject({ status: 200, attempts: 2, cost });
    });
  }

  it("counts an attempt that failed before the failover in the failing channel's health, not the serving one's", async () => {
    const healthOf = async () => {
      dropSingleton("relay.health"); // the figures from the database, not this process's live circuit
      const channels = await listChannelsWithHealth();
      const pick = (id: string) => channels.find((c) => c.id === id)!.health;
      return { primary: pick(primaryChannelId), backup: pick(backupChannelId) };
    };
    const failuresOf = async (requestId: string) =>
      (await sql<{ seq: number; channel_id: string; status: number; error_code: string }>(`select seq, channel_id, status, error_code from channel_attempt_failures where request_id = $1 order by seq`, [requestId])).rows;
    const before = await healthOf();
    const customer = await createCustomer({ balance: 1_000_000n });
    primary.setBehavior({ status: 500 });
    await openaiClient(relay, customer.secret).chat.completions.create({ model: "fo-model", messages: [{ role: "user", content: "Hi" }] });
    const served = await lastLog(customer.keyId);
    expect(served).toMatchObject({ status: 200, attempts: 2, channel_id: backupChannelId });
    expect(await failuresOf(served.request_id)).toEqual([{ seq: 1, channel_id: primaryChannelId, status: 502, error_code: "upstream_error" }]);
    const after = await healthOf();
    expect(after.primary.last5m.requests - before.primary.last5m.requests).toBe(1);
    expect(after.primary.last5m.failures - before.primary.last5m.failures).toBe(1);
    expect(after.primary.last60m.failures - before.primary.last60m.failures).toBe(1);
    expect(after.primary.lastError).toMatchObject({ message: "502 upstream_error" });
    expect(after.backup.last5m.requests - before.backup.last5m.requests).toBe(1);
    expect(after.backup.last5m.failures).toBe(before.backup.last5m.failures);

    // every channel failing: the last failure is the request's own row, the earlier one is counted beside it
    backup.setBehavior({ status: 502 });
    await openaiClient(relay, customer.secret).chat.completions.create({ model: "fo-model", messages: [{ role: "user", content: "Hi" }] }).catch(() => undefined);
    const failed = await lastLog(customer.keyId);
    expect(failed).toMatchObject({ status: 502, attempts: 2, channel_id: backupChannelId });
    expect(await failuresOf(failed.request_id)).toEqual([{ seq: 1, channel_id: primaryChannelId, status: 502, error_code: "upstream_error" }]);
    const end = await healthOf();
    expect(end.primary.last5m.failures - after.primary.last5m.failures).toBe(1);
    expect(end.backup.last5m.failures - after.backup.last5m.failures).toBe(1);
    expect(end.backup.last5m.requests - after.backup.last5m.requests).toBe(1);
  });

  it("fails over an Anthropic stream that broke before its first byte", async () => {
    const customer = await createCustomer({ balance: 1_000_000n });
    primary.setBehavior({ cutBeforeBody: true });
    const final = await anthropicClient(relay, customer.secret).messages.stream({ model: "fo-claude", max_tokens: 50, messages: [{ role: "user", content: "Hi" }] }).finalMessage();
    expect(final.content[0]).toMatchObject({ text: DEFAULT_TEXT });
    expect(await lastLog(customer.keyId)).toMatchObject({ attempts: 2, status: 200 });
  });

  it("answers in the caller's dialect when every channel fails, and charges nothing", async () => {
    const customer = await createCustomer({ balance: 1_000_000n });
    primary.setBehavior({ status: 500 });
    backup.setBehavior({ status: 502 });
    const error = await openaiClient(relay, customer.secret).chat.completions.create({ model: "fo-model", messages: [{ role: "user", content: "Hi" }] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 502, error: { type: "upstream_error", code: "upstream_error" } });
    const anthropicError = await anthropicClient(relay, customer.secret).messages.create({ model: "fo-claude", max_tokens: 5, messages: [{ role: "user", content: "Hi" }] }).catch((e: unknown) => e);
    expect(anthropicError).toMatchObject({ status: 502, error: { type: "error", error: { type: "api_error" } } });
    // an overloaded upstream (Anthropic's 529, a 503) is heard as overloaded: retryable, not a failure of the relay
    primary.setBehavior({ status: 529 });
    backup.setBehavior({ status: 503 });
    const overloaded = await anthropicClient(relay, customer.secret).messages.create({ model: "fo-claude", max_tokens: 5, messages: [{ role: "user", content: "Hi" }] }).catch((e: unknown) => e);
    expect(overloaded).toMatchObject({ status: 503, error: { type: "error", error: { type: "overloaded_error", message: expect.stringMatching(/^The upstream is overloaded \(HTTP 503\)/) } } });
    primary.setBehavior({ hang: true });
    const timeout = await openaiClient(relay, customer.secret).chat.completions.create({ model: "one-channel", messages: [{ role: "user", content: "Hi" }] }).catch((e: unknown) => e);
    expect(timeout).toMatchObject({ status: 504, error: { type: "timeout_error" } });
    expect(await balanceOf(customer.walletId)).toBe(1_000_000n);
    expect((await logsOf(customer.keyId)).map((l) => [l.status, Number(l.cost)])).toEqual([
      [502, 0],
      [502, 0],
      [503, 0],
      [504, 0],
    ]);
  });

  it("rotates to the channel's next secret on 429", async () => {
    const customer = await createCustomer();
    primary.queue({ status: 429, retryAfterSeconds: 30 });
    const completion = await openaiClient(relay, customer.secret).chat.completions.create({ model: "multi-key", messages: [{ role: "user", content: "Hi" }] });
    expect(completion.choices[0].message.content).toBe(DEFAULT_TEXT);
    const used = primary.requests.map((r) => r.headers.authorization);
    expect(used).toHaveLength(2);
    expect(new Set(used).size).toBe(2);
  });

  it("takes a failing channel out and probes it back in", async () => {
    const customer = await createCustomer();
    primary.setBehavior({ status: 500 });
    const client = openaiClient(relay, customer.secret);
    for (let i = 0; i < 4; i++) await client.chat.completions.create({ model: "fo-model", messages: [{ role: "user", content: "Hi" }] });
    // three consecutive failures opened the primary's circuit: the fourth request went straight to the backup
    expect(primary.requests).toHaveLength(3);
    expect(backup.requests).toHaveLength(4);
  });

  it("still tries a lone channel whose circuit is open: the first request after the upstream recovers is served", async () => {
    const customer = await createCustomer();
    for (let i = 0; i < 3; i++) primary.queue({ status: 500 });
    const client = openaiClient(relay, customer.secret);
    for (let i = 0; i < 3; i++) {
      await expect(client.chat.completions.create({ model: "one-channel", messages: [{ role: "user", content: "Hi" }] })).rejects.toMatchObject({ status: 502 });
    }
    // three consecutive failures opened its circuit; with no other channel it is tried anyway (it was a 503 until
    // the cool-down ended), and its success closes the circuit
    const completion = await client.chat.completions.create({ model: "one-channel", messages: [{ role: "user", content: "Hi" }] });
    expect(completion.choices[0].message.content).toBe(DEFAULT_TEXT);
    expect(primary.requests).toHaveLength(4);
    expect((await logsOf(customer.keyId)).map((l) => l.status)).toEqual([502, 502, 502, 200]);
  });

  it("ends a stream cut mid-way with an error event, and bills what was delivered", async () => {
    const customer = await createCustomer({ balance: 1_000_000n });
    primary.setBehavior({ chunks: 10, cutAfterChunks: 4, text: "one two three four five six seven eight nine ten " });
    const stream = await openaiClient(relay, customer.secret).chat.completions.create({ model: "one-channel", messages: [{ role: "user", content: "Count" }], stream: true });
    let text = "";
    const error = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    })().catch((e: unknown) => e);
    expect(error).toMatchObject({ error: { type: "upstream_error" } });
    expect(text.length).toBeGreaterThan(0);
    const log = await lastLog(customer.keyId);
    expect(log).toMatchObject({ status: 502, error_code: "cut", usage_estimated: true });
    expect(log.output_tokens).toBeGreaterThan(0);
    expect(log.output_tokens).toBeLessThan(10);
    expect(Number(log.cost)).toBeGreaterThan(0);
    expect(await balanceOf(customer.walletId)).toBe(1_000_000n - log.cost);

    primary.setBehavior({ chunks: 6, cutAfterChunks: 3, cutMode: "end" });
    const anthropicStream = anthropicClient(relay, customer.secret).messages.stream({ model: "fo-claude", max_tokens: 50, messages: [{ role: "user", content: "Hi" }] });
    await expect(anthropicStream.finalMessage()).rejects.toMatchObject({ error: { type: "error", error: { type: "api_error" } } });
    expect(await lastLog(customer.keyId)).toMatchObject({ error_code: "cut", usage_estimated: true, input_tokens: 12 });
  });

  it("bills a stream the client abandoned for what was delivered, and releases the hold", async () => {
    const customer = await createCustomer({ balance: 1_000_000n });
    primary.setBehavior({ chunks: 50, chunkDelayMs: 20, text: "word ".repeat(50) });
    const controller = new AbortController();
    const stream = await openaiClient(relay, customer.secret).chat.completions.create({ model: "one-channel", messages: [{ role: "user", content: "Hi" }], stream: true }, { signal: controller.signal });
    let received = 0;
    await (async () => {
      for await (const chunk of stream) {
        if (chunk.choices[0]?.delta.content) received++;
        if (received === 5) controller.abort();
      }
    })().catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await relayIdle();
    const log = await lastLog(customer.keyId);
    // the upstream reports usage only at the end: the prompt is counted locally (8 tokens for "Hi" with framing)
    expect(log).toMatchObject({ status: 499, error_code: "client_gone", usage_estimated: true, input_tokens: 8 });
    expect(log.output_tokens).toBeGreaterThanOrEqual(5);
    expect(log.output_tokens).toBeLessThan(50);
    const { rows } = await sql<{ held: bigint; total: bigint }>(`select held, paid + trial as total from ledger_accounts where id = $1`, [customer.walletId]);
    expect(rows[0]).toEqual({ held: 0n, total: 1_000_000n - log.cost });
  });

  it("admits at most what the balance covers under 50 concurrent requests", async () => {
    // the fake reports the prompt as the relay counts it (8 tokens): a request costs 8 + 5 × 2 = 18 micro-units,
    // so a balance of 180 covers exactly 10; each hold is larger (the prompt with a safety margin at the dearest
    // input rate, plus max_tokens 5 of output), so fewer are admitted at once and none can overdraw
    const customer = await createCustomer({ balance: 180n });
    primary.setBehavior({ latencyMs: 50, inputTokens: 8 });
    backup.setBehavior({ latencyMs: 50, inputTokens: 8 }); // a slow machine may time the primary out
    const client = openaiClient(relay, customer.secret);
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () => client.chat.completions.create({ model: "fo-model", max_tokens: 5, messages: [{ role: "user", content: "Hi" }] })),
    );
    const served = results.filter((r) => r.status === "fulfilled").length;
    const refused = results.filter((r) => r.status === "rejected");
    expect(served).toBeGreaterThan(0);
    expect(served).toBeLessThanOrEqual(10);
    for (const r of refused) expect((r as PromiseRejectedResult).reason).toMatchObject({ status: 402, error: { type: "insufficient_quota" } });
    const balance = await balanceOf(customer.walletId);
    expect(balance).toBe(180n - BigInt(served) * testCost({ input: 8, output: 5 }));
    expect(balance >= 0n).toBe(true);
    const check = await checkLedger();
    expect(check.problems).toEqual([]);
    expect(check.ok).toBe(true);
  });
});
