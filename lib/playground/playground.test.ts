import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeUpstream } from "../../tests/fakes/upstream";
import { DEFAULT_TEXT } from "../../tests/fakes/upstream-types";
import { addChannel, balanceOf, createCustomer, createModel, relayIdle, startFakeUpstream, testCost, type Customer } from "../../tests/relay/support/harness";
import { sql } from "../db";
import { rotateApiKey } from "../keys/rotate-api-key";
import { setApiKeyEnabled } from "../keys/set-api-key-enabled";
import { personalScope } from "../usage/data-scope";
import { getRequestLog } from "../usage/get-request-log";
import { ensurePlaygroundKey, playgroundSecret, PLAYGROUND_KEY_NAME } from "./playground-key";
import { chatCompletionBody, playgroundTurnSchema, runPlaygroundTurn } from "./playground-request";

async function readSse(response: Response): Promise<{ text: string; usage: { prompt_tokens: number; completion_tokens: number } | null }> {
  const body = await response.text();
  let text = "";
  let usage = null;
  for (const line of body.split("\n")) {
    if (!line.startsWith("data: ") || line === "data: [DONE]") continue;
    const chunk = JSON.parse(line.slice(6)) as { choices?: { delta?: { content?: string } }[]; usage?: { prompt_tokens: number; completion_tokens: number } | null };
    text += chunk.choices?.[0]?.delta?.content ?? "";
    if (chunk.usage) usage = chunk.usage;
  }
  return { text, usage };
}

describe("playground", () => {
  let fake: FakeUpstream;
  let customer: Customer;

  beforeAll(async () => {
    fake = await startFakeUpstream();
    await createModel({ id: "gpt-play" });
    await addChannel({ fake, type: "openai", models: ["gpt-play"], modelMapping: {} });
    customer = await createCustomer({ balance: 5_000_000n });
  });

  afterAll(async () => {
    await fake.close();
  });

  it("streams a reply through the relay on the customer's balance, logged under the Playground key", async () => {
    const before = await balanceOf(customer.walletId);
    const turn = playgroundTurnSchema.parse({ model: "gpt-play", messages: [{ role: "user", content: "Hi" }], temperature: 0.3, maxTokens: 50 });
    const response = await runPlaygroundTurn({ userId: customer.userId, turn, clientIp: "203.0.113.9", signal: new AbortController().signal });
    expect(response.status).toBe(200);
    const requestId = response.headers.get("x-request-id")!;
    const { text, usage } = await readSse(response);
    expect(text).toBe(DEFAULT_TEXT);
    expect(usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 5 });
    const upstreamBody = fake.requests.at(-1)?.body as { temperature?: number; max_tokens?: number };
    expect(upstreamBody).toMatchObject({ temperature: 0.3, max_tokens: 50 });
    await relayIdle();
    const cost = testCost({ input: 12, output: 5 });
    expect(await balanceOf(customer.walletId)).toBe(before - cost);
    const log = await getRequestLog({ userId: customer.userId, requestId });
    expect(log).toMatchObject({ model: "gpt-play", status: 200, cost: cost.toString(), isStream: true, key: { name: PLAYGROUND_KEY_NAME } });
    // another customer cannot read it
    const other = await createCustomer({ balance: 0n });
    expect(await getRequestLog({ userId: other.userId, requestId })).toBeNull();
  });

  it("a reasoning setting goes up as reasoning_effort, and the model's reasoning streams back as reasoning_content", async () => {
    const turn = playgroundTurnSchema.parse({ model: "gpt-play", messages: [{ role: "user", content: "Hi" }], reasoningEffort: "high" });
    const response = await runPlaygroundTurn({ userId: customer.userId, turn, clientIp: null, signal: new AbortController().signal });
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body).toContain('"reasoning_content":"Reasoned with high effort."');
    expect(fake.requests.at(-1)?.body).toMatchObject({ model: "gpt-play", reasoning_effort: "high" });
    // what the settings cannot say is refused before anything is sent
    expect(playgroundTurnSchema.safeParse({ ...turn, reasoningEffort: "max" }).success).toBe(false);
    expect(chatCompletionBody({ model: "m", messages: [{ role: "user", content: "x" }], reasoningEffort: "low" })).toMatchObject({ reasoning_effort: "low" });
  });

  it("uses one key per customer, derived (never stored), and a new one after the customer rotates it", async () => {
    const first = await ensurePlaygroundKey({ userId: customer.userId });
    const again = await ensurePlaygroundKey({ userId: customer.userId });
    expect(again).toEqual(first);
    expect(first.secret).toBe(playgroundSecret(customer.userId));
    expect(playgroundSecret(customer.userId)).not.toBe(playgroundSecret(customer.userId, "another app secret"));
    const stored = await sql<{ secret_hash: string }>(`select secret_hash from api_keys where id = $1`, [first.keyId]);
    expect(stored.rows[0].secret_hash).not.toContain(first.secret.slice(3));
    await rotateApiKey({ scope: personalScope(customer.userId), keyId: first.keyId, actor: { kind: "user", id: customer.userId } });
    const fresh = await ensurePlaygroundKey({ userId: customer.userId });
    expect(fresh.keyId).not.toBe(first.keyId);
  });

  it("answers with the relay's error when the customer disabled the playground key", async () => {
    const { keyId } = await ensurePlaygroundKey({ userId: customer.userId });
    await setApiKeyEnabled({ scope: personalScope(customer.userId), keyId, isEnabled: false, actor: { kind: "user", id: customer.userId } });
    const turn = playgroundTurnSchema.parse({ model: "gpt-play", messages: [{ role: "user", content: "Hi" }] });
    const response = await runPlaygroundTurn({ userId: customer.userId, turn, clientIp: null, signal: new AbortController().signal });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { message: expect.stringContaining("disabled") } });
    await setApiKeyEnabled({ scope: personalScope(customer.userId), keyId, isEnabled: true, actor: { kind: "user", id: customer.userId } });
  });

  it("refuses empty or malformed turns before anything reaches the relay", () => {
    expect(playgroundTurnSchema.safeParse({ model: "gpt-play", messages: [{ role: "user", content: "  " }] }).success).toBe(false);
    expect(playgroundTurnSchema.safeParse({ model: "bad model", messages: [{ role: "user", content: "x" }] }).success).toBe(false);
    expect(playgroundTurnSchema.safeParse({ model: "gpt-play", messages: [{ role: "user", content: "x" }], temperature: 3 }).success).toBe(false);
    expect(chatCompletionBody({ model: "m", messages: [{ role: "system", content: "" }, { role: "user", content: "x" }] })).toEqual({
      model: "m",
      messages: [{ role: "user", content: "x" }],
      stream: true,
      stream_options: { include_usage: true },
    });
  });
});
