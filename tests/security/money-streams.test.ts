/**
 * Money: every way a request can end is billed by the documented rule (docs/architecture.md, "Life of a request",
 * step 6): a completed request by the upstream's report; a stream that ended early (client gone, upstream cut, an
 * error event, an idle timeout) by what was delivered — never zero, never the whole hold; a request that failed
 * before any output is free. Failover bills only the serving attempt; cache tokens cost the same streamed or not.
 * Each request ends with exactly one request-log row and at most one usage transaction of exactly its cost.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkLedger } from "../../lib/billing/ledger";
import { sql } from "../../lib/db";
import { dropSingleton } from "../../lib/singleton";
import { addChannel, anthropicClient, balanceOf, createCustomer, createModel, lastLog, logsOf, openaiClient, relayIdle, startRelay, testCost, type Customer, type LogRow, type Relay } from "../relay/support/harness";
import {
  CHAT_ERROR_EVENT,
  anthropicJson,
  anthropicStream,
  anthropicUsage,
  chatJson,
  chatStream,
  chatUsage,
  responsesStream,
  responsesUsage,
  startScriptedUpstream,
  type ScriptedUpstream,
} from "./support/money-upstream";
import { injectLedgerFault, removeLedgerFault } from "./support/money-faults";

const PIECES = ["one ", "two ", "three ", "four ", "five ", "six "];
/** what the relay counts locally for the prompt "Hi" in a chat request (message framing included) */
const HI_PROMPT_TOKENS = 8;
const BALANCE = 1_000_000n;

async function usagePostings(requestId: string): Promise<{ count: number; revenue: bigint }> {
  const { rows } = await sql<{ count: number; revenue: bigint }>(
    `select count(*)::int as count, coalesce(sum(cost), 0)::bigint as revenue from usage_postings where request_id = $1`,
    [requestId],
  );
  return rows[0];
}

/** One log row for the customer's last request, charged exactly once at its cost (or not at all when free). */
async function expectBilledOnce(customer: Customer, { logs = 1 }: { logs?: number } = {}): Promise<LogRow> {
  // a request the client abandoned ends when the relay notices the closed socket: wait for its row (bounded)
  let rows = await logsOf(customer.keyId);
  for (let waited = 0; rows.length < logs && waited < 10_000; waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    rows = await logsOf(customer.keyId);
  }
  await relayIdle();
  expect(rows).toHaveLength(logs);
  const log = rows[rows.length - 1];
  const posted = await usagePostings(log.request_id);
  expect(posted).toEqual(log.cost > 0n ? { count: 1, revenue: log.cost } : { count: 0, revenue: 0n });
  const { rows: wallet } = await sql<{ held: bigint; total: bigint }>(`select held, paid + trial as total from ledger_accounts where id = $1`, [customer.walletId]);
  expect(wallet[0]).toEqual({ held: 0n, total: BALANCE - rows.reduce((sum, r) => sum + r.cost, 0n) });
  return log;
}

/** POST a streaming request and read its body; `abortAfter` leaves after that many content deltas arrived. */
async function streamRaw(relay: Relay, secret: string, path: string, body: unknown, { abortAfter }: { abortAfter?: number } = {}): Promise<string> {
  const controller = new AbortController();
  const response = await fetch(`${relay.url}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${secret}`, "content-type": "application/json", "anthropic-version": "2023-06-01" },
    body: JSON.stringify(body),
    signal: controller.signal,
  });
  let text = "";
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      if (abortAfter !== undefined && (text.match(/"content":"[^"]/g) ?? []).length >= abortAfter) {
        controller.abort();
        break;
      }
    }
  } catch {
    // aborted by us or cut by the relay: what arrived is what counts
  }
  return text;
}

const chatBody = (model: string, extra: Record<string, unknown> = {}) => ({ model, max_tokens: 200, stream: true, messages: [{ role: "user", content: "Hi" }], ...extra });

describe("money: streams ending in every way, failover and cache pricing", () => {
  let relay: Relay;
  let up: ScriptedUpstream;
  let primary: ScriptedUpstream;
  let backup: ScriptedUpstream;

  beforeAll(async () => {
    up = await startScriptedUpstream();
    primary = await startScriptedUpstream();
    backup = await startScriptedUpstream();
    relay = await startRelay();
    for (const id of ["money-chat", "money-claude", "money-resp", "money-fo", "money-doomed"]) await createModel({ id });
    const fake = (s: ScriptedUpstream) => ({ url: s.url }) as Parameters<typeof addChannel>[0]["fake"];
    await addChannel({ fake: fake(up), type: "openai", models: ["money-chat", "money-doomed"], timeoutMs: 400 });
    await addChannel({ fake: fake(up), type: "anthropic", models: ["money-claude"], timeoutMs: 400 });
    await addChannel({ fake: fake(up), type: "openai", models: ["money-resp"], supportsResponses: true, timeoutMs: 400 });
    await addChannel({ fake: fake(primary), type: "openai", models: ["money-fo"], priority: 10, timeoutMs: 300 });
    await addChannel({ fake: fake(backup), type: "openai", models: ["money-fo"], priority: 0, timeoutMs: 2_000 });
  });

  afterAll(async () => {
    await relay.close();
    for (const s of [up, primary, backup]) await s.close();
    const check = await checkLedger();
    expect(check.problems).toEqual([]);
  });

  describe("a stream that ends", () => {
    it("done: billed the upstream's report exactly", async () => {
      const customer = await createCustomer({ balance: BALANCE });
      up.queue(chatStream({ pieces: PIECES, usage: chatUsage({ prompt: 20, completion: 6 }) }));
      await streamRaw(relay, customer.secret, "/v1/chat/completions", chatBody("money-chat"));
      const log = await expectBilledOnce(customer);
      expect(log).toMatchObject({ status: 200, error_code: null, input_tokens: 20, output_tokens: 6, cost: testCost({ input: 20, output: 6 }), usage_estimated: false });
    });

    it("client abort: billed what was delivered, counted locally", async () => {
      const customer = await createCustomer({ balance: BALANCE });
      const pieces = Array.from({ length: 40 }, (_, i) => `word${i} `);
      up.queue(chatStream({ pieces, pauseMs: 25, usage: chatUsage({ prompt: 20, completion: 40 }) }));
      await streamRaw(relay, customer.secret, "/v1/chat/completions", chatBody("money-chat"), { abortAfter: 4 });
      const log = await expectBilledOnce(customer);
      expect(log).toMatchObject({ status: 499, error_code: "client_gone", usage_estimated: true, input_tokens: HI_PROMPT_TOKENS });
      expect(log.output_tokens).toBeGreaterThanOrEqual(4);
      expect(log.output_tokens).toBeLessThan(40 * 2);
      expect(log.cost).toBe(testCost({ input: HI_PROMPT_TOKENS, output: log.output_tokens }));
    });

    it("upstream cut (connection dropped): billed what was delivered", async () => {
      const customer = await createCustomer({ balance: BALANCE });
      up.queue(chatStream({ pieces: PIECES.slice(0, 3), cut: { end: "destroy" } }));
      const text = await streamRaw(relay, customer.secret, "/v1/chat/completions", chatBody("money-chat"));
      expect(text).toContain("three");
      const log = await expectBilledOnce(customer);
      expect(log).toMatchObject({ status: 502, error_code: "cut", usage_estimated: true, input_tokens: HI_PROMPT_TOKENS });
      expect(log.output_tokens).toBeGreaterThanOrEqual(3);
      expect(log.cost).toBe(testCost({ input: HI_PROMPT_TOKENS, output: log.output_tokens }));
    });

    it("upstream error event mid-stream: billed what was delivered", async () => {
      const customer = await createCustomer({ balance: BALANCE });
      up.queue(chatStream({ pieces: PIECES.slice(0, 3), between: { at: 2, steps: [CHAT_ERROR_EVENT] }, cut: { end: "close" } }));
      await streamRaw(relay, customer.secret, "/v1/chat/completions", chatBody("money-chat"));
      const log = await expectBilledOnce(customer);
      expect(log).toMatchObject({ status: 502, error_code: "upstream_error", usage_estimated: true });
      expect(log.output_tokens).toBeGreaterThanOrEqual(3);
      expect(log.cost).toBeGreaterThan(0n);
    });

    it("idle timeout (the upstream goes silent): billed what was delivered", async () => {
      const customer = await createCustomer({ balance: BALANCE });
      up.queue(chatStream({ pieces: PIECES.slice(0, 2), cut: { end: "hang" } }));
      const text = await streamRaw(relay, customer.secret, "/v1/chat/completions", chatBody("money-chat"));
      expect(text).toContain("upstream_error");
      const log = await expectBilledOnce(customer);
      expect(log).toMatchObject({ status: 502, error_code: "cut", usage_estimated: true });
      expect(log.output_tokens).toBeGreaterThanOrEqual(2);
    });

    it("failed before any output (an error event first, or a drop before the body): free", async () => {
      const customer = await createCustomer({ balance: BALANCE });
      up.queue({ sse: [CHAT_ERROR_EVENT, { end: "close" }] });
      await streamRaw(relay, customer.secret, "/v1/chat/completions", chatBody("money-chat"));
      expect(await expectBilledOnce(customer)).toMatchObject({ status: 502, cost: 0n });
      up.queue({ sse: [{ end: "destroy" }] });
      await streamRaw(relay, customer.secret, "/v1/chat/completions", chatBody("money-chat"));
      expect(await expectBilledOnce(customer, { logs: 2 })).toMatchObject({ status: 502, cost: 0n });
    });

    it("Anthropic error event mid-stream: the reported input plus the delivered output; before any text: free", async () => {
      const customer = await createCustomer({ balance: BALANCE });
      up.queue(anthropicStream({ pieces: PIECES, usage: anthropicUsage({ input: 30, output: 6 }), errorAt: 3 }));
      const failed = await anthropicClient(relay, customer.secret).messages.stream({ model: "money-claude", max_tokens: 200, messages: [{ role: "user", content: "Hi" }] }).finalMessage().catch((e: unknown) => e);
      expect(failed).toBeInstanceOf(Error);
      const log = await expectBilledOnce(customer);
      expect(log).toMatchObject({ status: 502, error_code: "upstream_error", usage_estimated: true, input_tokens: 30 });
      expect(log.output_tokens).toBeGreaterThanOrEqual(3);
      expect(log.cost).toBe(testCost({ input: 30, output: log.output_tokens }));

      // message_start (with its input usage) and then an overloaded error: nothing was produced, nothing is owed
      up.queue(anthropicStream({ pieces: PIECES, usage: anthropicUsage({ input: 30, output: 6 }), errorAt: 0 }));
      await anthropicClient(relay, customer.secret).messages.stream({ model: "money-claude", max_tokens: 200, messages: [{ role: "user", content: "Hi" }] }).finalMessage().catch(() => undefined);
      expect(await expectBilledOnce(customer, { logs: 2 })).toMatchObject({ status: 502, error_code: "upstream_error", cost: 0n });
    });

    it("/v1/responses incomplete and failed: the terminal event's usage; failed without usage: what was delivered", async () => {
      const customer = await createCustomer({ balance: BALANCE });
      const client = openaiClient(relay, customer.secret);
      up.queue(responsesStream({ pieces: PIECES, terminal: "response.incomplete", usage: responsesUsage({ input: 20, output: 7 }) }));
      for await (const _ of await client.responses.create({ model: "money-resp", input: "Hi", stream: true, max_output_tokens: 200 }));
      expect(await expectBilledOnce(customer)).toMatchObject({ input_tokens: 20, output_tokens: 7, cost: testCost({ input: 20, output: 7 }), usage_estimated: false });

      up.queue(responsesStream({ pieces: PIECES, terminal: "response.failed", usage: responsesUsage({ input: 20, output: 5 }) }));
      await streamRaw(relay, customer.secret, "/v1/responses", { model: "money-resp", input: "Hi", stream: true, max_output_tokens: 200 });
      const failed = await expectBilledOnce(customer, { logs: 2 });
      expect(failed).toMatchObject({ status: 502, error_code: "upstream_error", input_tokens: 20, output_tokens: 5, cost: testCost({ input: 20, output: 5 }) });

      up.queue(responsesStream({ pieces: PIECES.slice(0, 3), terminal: "response.failed" }));
      await streamRaw(relay, customer.secret, "/v1/responses", { model: "money-resp", input: "Hi", stream: true, max_output_tokens: 200 });
      const log = await expectBilledOnce(customer, { logs: 3 });
      expect(log).toMatchObject({ status: 502, error_code: "upstream_error", usage_estimated: true });
      expect(log.output_tokens).toBeGreaterThanOrEqual(3);
      expect(log.cost).toBeGreaterThan(0n);

      // failed before any output, even with a usage report: free
      up.queue(responsesStream({ pieces: [], terminal: "response.failed", usage: responsesUsage({ input: 20, output: 0 }) }));
      await streamRaw(relay, customer.secret, "/v1/responses", { model: "money-resp", input: "Hi", stream: true, max_output_tokens: 200 });
      expect(await expectBilledOnce(customer, { logs: 4 })).toMatchObject({ status: 502, error_code: "upstream_error", cost: 0n });
    });
  });

  describe("retries and failover", () => {
    for (const [name, failure] of [
      ["answers 500", { status: 500, json: { error: { message: "boom", type: "server_error" } } }],
      ["drops the stream before its first byte", { sse: [{ end: "destroy" }] }],
      ["stays silent past its timeout", { sse: [{ end: "hang" }] }],
    ] as const) {
      it(`bills only the serving attempt when the first channel ${name}`, async () => {
        dropSingleton("relay.health");
        const customer = await createCustomer({ balance: BALANCE });
        primary.queue(failure as never);
        backup.queue(chatStream({ pieces: PIECES, usage: chatUsage({ prompt: 15, completion: 6 }) }));
        const text = await streamRaw(relay, customer.secret, "/v1/chat/completions", chatBody("money-fo"));
        expect(text).toContain("[DONE]");
        const log = await expectBilledOnce(customer);
        expect(log).toMatchObject({ status: 200, attempts: 2, cost: testCost({ input: 15, output: 6 }), usage_estimated: false });
      });
    }

    it("does not fail over after the first byte: the broken attempt is billed for what it delivered, once", async () => {
      dropSingleton("relay.health");
      const customer = await createCustomer({ balance: BALANCE });
      const backupBefore = backup.requests.length;
      primary.queue(chatStream({ pieces: PIECES.slice(0, 2), cut: { end: "destroy" } }));
      await streamRaw(relay, customer.secret, "/v1/chat/completions", chatBody("money-fo"));
      expect(backup.requests.length).toBe(backupBefore);
      const log = await expectBilledOnce(customer);
      expect(log).toMatchObject({ status: 502, attempts: 1, error_code: "cut" });
      expect(log.cost).toBeGreaterThan(0n);
    });

    it("a request every channel fails costs nothing, whatever the client retries", async () => {
      dropSingleton("relay.health");
      const customer = await createCustomer({ balance: BALANCE });
      const failure = { status: 503, json: { error: { message: "down", type: "server_error" } } };
      for (let i = 0; i < 6; i++) (i % 2 ? backup : primary).queue(failure);
      const client = openaiClient(relay, customer.secret).withOptions({ maxRetries: 2 });
      await expect(client.chat.completions.create({ model: "money-fo", messages: [{ role: "user", content: "Hi" }] })).rejects.toMatchObject({ status: 503 });
      const rows = await logsOf(customer.keyId);
      expect(rows.length).toBeGreaterThanOrEqual(1);
      expect(rows.every((r) => r.cost === 0n)).toBe(true);
      await expectBilledOnce(customer, { logs: rows.length });
    });
  });

  describe("a settlement the database refuses", () => {
    it("charges nothing, and the log row says so (cost 0, settlement_failed) instead of a cost the ledger never saw", async () => {
      const customer = await createCustomer({ balance: BALANCE });
      await injectLedgerFault({ memo: "money-doomed", kind: "raise" });
      try {
        up.queue(chatJson({ text: "ok", usage: chatUsage({ prompt: 20, completion: 6 }) }));
        const answer = await openaiClient(relay, customer.secret).chat.completions.create({ model: "money-doomed", messages: [{ role: "user", content: "Hi" }] });
        expect(answer.choices[0].message.content).toBe("ok");
        const log = await expectBilledOnce(customer);
        expect(log).toMatchObject({ status: 200, error_code: "settlement_failed", cost: 0n, input_tokens: 20, output_tokens: 6 });
      } finally {
        await removeLedgerFault();
      }
    });
  });

  describe("cache-read and cache-write tokens cost the same streamed or not", () => {
    it("Anthropic: cache reads and writes at their own rates", async () => {
      const customer = await createCustomer({ balance: BALANCE });
      const usage = anthropicUsage({ input: 10, output: 6, cacheRead: 100, cacheWrite: 40 });
      const expected = testCost({ input: 10, output: 6, cacheRead: 100, cacheWrite: 40 });
      const client = anthropicClient(relay, customer.secret);
      up.queue(anthropicJson({ text: PIECES.join(""), usage }));
      await client.messages.create({ model: "money-claude", max_tokens: 200, messages: [{ role: "user", content: "Hi" }] });
      const json = await expectBilledOnce(customer);
      up.queue(anthropicStream({ pieces: PIECES, usage }));
      await client.messages.stream({ model: "money-claude", max_tokens: 200, messages: [{ role: "user", content: "Hi" }] }).finalMessage();
      const streamed = await expectBilledOnce(customer, { logs: 2 });
      for (const log of [json, streamed]) expect(log).toMatchObject({ input_tokens: 10, cache_read_tokens: 100, cache_write_tokens: 40, output_tokens: 6, cost: expected, usage_estimated: false });
    });

    it("OpenAI chat and Responses: cached prompt tokens at the cache-read rate", async () => {
      const customer = await createCustomer({ balance: BALANCE });
      const expected = testCost({ input: 10, output: 6, cacheRead: 100 });
      const client = openaiClient(relay, customer.secret);
      up.queue(chatJson({ text: PIECES.join(""), usage: chatUsage({ prompt: 110, completion: 6, cached: 100 }) }));
      await client.chat.completions.create({ model: "money-chat", messages: [{ role: "user", content: "Hi" }] });
      up.queue(chatStream({ pieces: PIECES, usage: chatUsage({ prompt: 110, completion: 6, cached: 100 }) }));
      await streamRaw(relay, customer.secret, "/v1/chat/completions", chatBody("money-chat", { stream_options: { include_usage: true } }));
      up.queue({ status: 200, json: { id: "resp_m", object: "response", status: "completed", model: "m", output: [{ type: "message", id: "msg_1", role: "assistant", status: "completed", content: [{ type: "output_text", text: "ok", annotations: [] }] }], usage: responsesUsage({ input: 110, output: 6, cached: 100 }) } });
      await client.responses.create({ model: "money-resp", input: "Hi" });
      up.queue(responsesStream({ pieces: PIECES, terminal: "response.completed", usage: responsesUsage({ input: 110, output: 6, cached: 100 }) }));
      await streamRaw(relay, customer.secret, "/v1/responses", { model: "money-resp", input: "Hi", stream: true });
      await expectBilledOnce(customer, { logs: 4 });
      const rows = await logsOf(customer.keyId);
      for (const log of rows) expect(log).toMatchObject({ input_tokens: 10, cache_read_tokens: 100, cache_write_tokens: 0, output_tokens: 6, cost: expected, usage_estimated: false });
      expect(await balanceOf(customer.walletId)).toBe(BALANCE - 4n * expected);
    });
  });
});
