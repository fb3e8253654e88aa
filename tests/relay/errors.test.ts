import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../lib/db";
import { invalidateKey } from "../../lib/keys/cache";
import type { FakeUpstream } from "../fakes/upstream";
import { addChannel, balanceOf, createCustomer, createModel, lastLog, logsOf, openaiClient, startFakeUpstream, startRelay, type Customer, type Relay } from "./support/harness";

type Dialect = "openai" | "anthropic";

describe("key restrictions and error statuses, in both dialects", () => {
  let relay: Relay;
  let fake: FakeUpstream;
  let customer: Customer;

  beforeAll(async () => {
    fake = await startFakeUpstream();
    relay = await startRelay();
    await createModel({ id: "err-model" });
    await createModel({ id: "err-other" });
    await createModel({ id: "no-channel-model" });
    await createModel({ id: "claude-only" });
    await addChannel({ fake, type: "openai", models: ["err-model", "err-other"] });
    await addChannel({ fake, type: "anthropic", models: ["claude-only"] });
    customer = await createCustomer();
  });

  afterAll(async () => {
    await relay.close();
    await fake.close();
  });

  async function call(dialect: Dialect, { secret = customer.secret, body, raw, headers = {} }: { secret?: string | null; body?: unknown; raw?: string | Buffer; headers?: Record<string, string> }) {
    const path = dialect === "openai" ? "/v1/chat/completions" : "/v1/messages";
    const auth: Record<string, string> = secret === null ? {} : dialect === "openai" ? { authorization: `Bearer ${secret}` } : { "x-api-key": secret, "anthropic-version": "2023-06-01" };
    const defaults = dialect === "openai" ? { model: "err-model", messages: [{ role: "user", content: "Hi" }] } : { model: "err-model", max_tokens: 10, messages: [{ role: "user", content: "Hi" }] };
    const response = await fetch(relay.url + path, {
      method: "POST",
      headers: { "content-type": "application/json", ...auth, ...headers },
      body: raw === undefined ? JSON.stringify(body ?? defaults) : typeof raw === "string" ? raw : new Uint8Array(raw),
    });
    const text = await response.text();
    // every answer of the relay's own declares its length
    expect(response.headers.get("content-length")).toBe(String(Buffer.byteLength(text)));
    const json = JSON.parse(text) as Record<string, unknown>;
    return { status: response.status, json, headers: response.headers };
  }

  function expectError(dialect: Dialect, result: { status: number; json: Record<string, unknown>; headers: Headers }, status: number, type: { openai: string; anthropic: string }, message?: RegExp) {
    expect(result.status).toBe(status);
    expect(result.headers.get("x-request-id")).toMatch(/^req_/);
    if (dialect === "openai") {
      expect(result.json).toMatchObject({ error: { type: type.openai, message: expect.any(String) } });
      expect(Object.keys(result.json.error as object).sort()).toEqual(["code", "message", "param", "type"]);
    } else {
      expect(result.json).toMatchObject({ type: "error", error: { type: type.anthropic, message: expect.any(String) } });
    }
    const text = JSON.stringify(result.json);
    if (message) expect(text).toMatch(message);
    expect(text).not.toContain(customer.secret.slice(3));
    expect(text).not.toContain("upstream-secret");
  }

  for (const dialect of ["openai", "anthropic"] as const) {
    describe(dialect, () => {
      it("401 for a missing, unknown or disabled key; 401 expired; 403 disabled account", async () => {
        expectError(dialect, await call(dialect, { secret: null }), 401, { openai: "invalid_request_error", anthropic: "authentication_error" }, /Missing API key/);
        expectError(dialect, await call(dialect, { secret: `sk-${"a".repeat(48)}` }), 401, { openai: "invalid_request_error", anthropic: "authentication_error" }, /Invalid API key/);
        const disabled = await createCustomer();
        await sql(`update api_keys set is_enabled = false where id = $1`, [disabled.keyId]);
        invalidateKey(disabled.keyId);
        expectError(dialect, await call(dialect, { secret: disabled.secret }), 401, { openai: "invalid_request_error", anthropic: "authentication_error" }, /disabled/);
        const expired = await createCustomer();
        await sql(`update api_keys set expires_at = now() - interval '1 minute' where id = $1`, [expired.keyId]);
        invalidateKey(expired.keyId);
        expectError(dialect, await call(dialect, { secret: expired.secret }), 401, { openai: "invalid_request_error", anthropic: "authentication_error" }, /expired/);
        const banned = await createCustomer();
        await sql(`update users set disabled_at = now() where id = $1`, [banned.userId]);
        invalidateKey(banned.keyId);
        expectError(dialect, await call(dialect, { secret: banned.secret }), 403, { openai: "permission_error", anthropic: "permission_error" }, /account/);
        // a known key's refusals are in its usage log, free: where a customer looks for a leaked key's attempts
        for (const [who, code] of [[disabled, "invalid_api_key"], [expired, "key_expired"], [banned, "account_disabled"]] as const) {
          expect(await lastLog(who.keyId)).toMatchObject({ status: code === "account_disabled" ? 403 : 401, error_code: code, cost: 0n });
        }
      });

      it("403 for a model outside the allow-list (exact match) and a client IP outside the IP allow-list", async () => {
        const limited = await createCustomer({ key: { allowedModels: ["err-model"] } });
        for (const model of ["err-other", "ERR-MODEL", "err-model ", "err-mode", "err-model-2"]) {
          const body = dialect === "openai" ? { model, messages: [{ role: "user", content: "Hi" }] } : { model, max_tokens: 5, messages: [{ role: "user", content: "Hi" }] };
          expectError(dialect, await call(dialect, { secret: limited.secret, body }), 403, { openai: "permission_error", anthropic: "permission_error" }, /allow-list/);
        }
        expect((await call(dialect, { secret: limited.secret })).status).toBe(200);
        const fenced = await createCustomer({ key: { allowedIps: ["203.0.113.0/24"] } });
        // a forged X-Forwarded-For from an untrusted peer changes nothing
        expectError(dialect, await call(dialect, { secret: fenced.secret, headers: { "x-forwarded-for": "203.0.113.5" } }), 403, { openai: "permission_error", anthropic: "permission_error" }, /127\.0\.0\.1.*IP allow-list/);
        expect(await lastLog(fenced.keyId)).toMatchObject({ status: 403, error_code: "ip_not_allowed", cost: 0n, client_ip: "127.0.0.1" });
        const local = await createCustomer({ key: { allowedIps: ["127.0.0.0/8"] } });
        expect((await call(dialect, { secret: local.secret })).status).toBe(200);
      });

      it("402 when the balance or the key's credit cap cannot cover the request, saying which", async () => {
        const broke = await createCustomer({ balance: 0n });
        expectError(dialect, await call(dialect, { secret: broke.secret }), 402, { openai: "insufficient_quota", anthropic: "billing_error" }, /Insufficient balance/);
        // and what the hold is made of, so a lower max_tokens can get through (the OpenAI call gives none, the Anthropic one 10)
        const hint = dialect === "openai" ? /No max_tokens was given, so the model's output limit \([\d,]+ tokens\) is held; set max_tokens to hold less\./ : /The hold is the prompt plus max_tokens of output; a lower max_tokens holds less\./;
        expectError(dialect, await call(dialect, { secret: broke.secret }), 402, { openai: "insufficient_quota", anthropic: "billing_error" }, hint);
        const capped = await createCustomer({ key: { creditCap: "0.000010" } });
        expectError(dialect, await call(dialect, { secret: capped.secret }), 402, { openai: "insufficient_quota", anthropic: "billing_error" }, /credit cap/);
        expect(await lastLog(capped.keyId)).toMatchObject({ status: 402, error_code: "key_cap_exceeded", cost: 0n });
      });

      it("400 for malformed JSON, an empty body, wrong types and missing fields; unknown fields pass", async () => {
        const badRequest = { openai: "invalid_request_error", anthropic: "invalid_request_error" };
        expectError(dialect, await call(dialect, { raw: "{not json" }), 400, badRequest, /not valid JSON/);
        expectError(dialect, await call(dialect, { raw: "" }), 400, badRequest, /empty/);
        expectError(dialect, await call(dialect, { raw: "[1,2]" }), 400, badRequest, /JSON object/);
        expectError(dialect, await call(dialect, { body: { model: 42, messages: "hi", max_tokens: "ten" } }), 400, badRequest);
        expectError(dialect, await call(dialect, { body: { messages: [{ role: "user", content: "Hi" }], max_tokens: 5 } }), 400, badRequest, /model/);
        const wrong = await call(dialect, { body: { model: "err-model", max_tokens: -5, messages: [{ role: "user", content: "Hi" }] } });
        expectError(dialect, wrong, 400, badRequest, /max_tokens/);
        if (dialect === "openai") expect((wrong.json.error as { param: string }).param).toBe("max_tokens");
        const extra = dialect === "openai" ? { model: "err-model", messages: [{ role: "user", content: "Hi" }], x_unknown_field: { a: 1 } } : { model: "claude-only", max_tokens: 5, messages: [{ role: "user", content: "Hi" }], x_unknown_field: true }; // native: passed through
        expect((await call(dialect, { body: extra })).status).toBe(200);
        expect((fake.requests.at(-1)?.body as Record<string, unknown>).x_unknown_field).toBeDefined();
      });

      it("a huge max_tokens is held at the model's limit, not refused for the balance", async () => {
        const body = dialect === "openai" ? { model: "err-model", max_tokens: 1_000_000_000, messages: [{ role: "user", content: "Hi" }] } : { model: "err-model", max_tokens: 1_000_000_000, messages: [{ role: "user", content: "Hi" }] };
        const small = await createCustomer({ balance: 3_000n }); // covers the model's 1,000-token limit, far from a billion
        expect((await call(dialect, { secret: small.secret, body })).status).toBe(200);
      });

      it("404 for an unknown model and an unknown path; 413 for a body over the limit; 503 with no channel; 501 when no channel can serve the endpoint", async () => {
        const unknown = dialect === "openai" ? { model: "no-such-model", messages: [{ role: "user", content: "Hi" }] } : { model: "no-such-model", max_tokens: 5, messages: [{ role: "user", content: "Hi" }] };
        expectError(dialect, await call(dialect, { body: unknown }), 404, { openai: "invalid_request_error", anthropic: "not_found_error" }, /no-such-model/);
        // a name PostgreSQL's text cannot hold (U+0000) is logged with U+FFFD in its place: the log batch it shares with
        // other requests is not refused
        const nul = await createCustomer();
        const named = { ...unknown, model: "no-such\u0000model" };
        const [refused, served] = await Promise.all([call(dialect, { secret: nul.secret, body: named }), call(dialect, { secret: nul.secret })]);
        expectError(dialect, refused, 404, { openai: "invalid_request_error", anthropic: "not_found_error" });
        expect(served.status).toBe(200);
        expect((await logsOf(nul.keyId)).map((row) => [row.model, row.status]).sort()).toEqual([["err-model", 200], ["no-such\ufffdmodel", 404]]);
        const path = await fetch(`${relay.url}/v1/${dialect === "openai" ? "no/such/path" : "messages/nope"}`, { method: "POST", headers: { authorization: `Bearer ${customer.secret}` }, body: "{}" });
        expectError(dialect, { status: path.status, json: (await path.json()) as Record<string, unknown>, headers: path.headers }, 404, { openai: "invalid_request_error", anthropic: "not_found_error" });
        const huge = Buffer.alloc(10 * 1024 * 1024 + 10, 0x61);
        expectError(dialect, await call(dialect, { raw: huge }), 413, { openai: "invalid_request_error", anthropic: "request_too_large" }, /limit of 10 MB/);
        const stranded = dialect === "openai" ? { model: "no-channel-model", messages: [{ role: "user", content: "Hi" }] } : { model: "no-channel-model", max_tokens: 5, messages: [{ role: "user", content: "Hi" }] };
        expectError(dialect, await call(dialect, { body: stranded }), 503, { openai: "service_unavailable", anthropic: "overloaded_error" }, /No channel/);
      });

      it("429 with retry-after for the per-minute limit and the concurrency cap", async () => {
        const rpm = await createCustomer({ key: { rpmLimit: 1 } });
        expect((await call(dialect, { secret: rpm.secret })).status).toBe(200);
        const limited = await call(dialect, { secret: rpm.secret });
        expectError(dialect, limited, 429, { openai: "rate_limit_error", anthropic: "rate_limit_error" }, /1 requests per minute/);
        expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
        const one = await createCustomer({ key: { concurrencyLimit: 1 } });
        fake.queue({ latencyMs: 400 });
        const slow = call(dialect, { secret: one.secret });
        await new Promise((resolve) => setTimeout(resolve, 100));
        const second = await call(dialect, { secret: one.secret });
        expectError(dialect, second, 429, { openai: "rate_limit_error", anthropic: "rate_limit_error" }, /concurrent/);
        expect(second.headers.get("retry-after")).toBe("1");
        expect((await slow).status).toBe(200);
        expect((await call(dialect, { secret: one.secret })).status).toBe(200);
      });
    });
  }

  it("501 when the model's channels cannot serve the endpoint", async () => {
    const error = await openaiClient(relay, customer.secret).embeddings.create({ model: "claude-only", input: "x" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 501 });
  });

  it("passes an upstream's 400 through without its secrets, and charges nothing", async () => {
    const before = await balanceOf(customer.walletId);
    fake.queue({ status: 400 });
    const error = await openaiClient(relay, customer.secret).chat.completions.create({ model: "err-model", messages: [{ role: "user", content: "Hi" }] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, error: { type: "invalid_request_error", message: expect.stringContaining("refuse") } });
    fake.queue({ status: 401 }, { status: 401 });
    const auth = await openaiClient(relay, customer.secret).chat.completions.create({ model: "err-model", messages: [{ role: "user", content: "Hi" }] }).catch((e: unknown) => e);
    expect(auth).toMatchObject({ status: 502 });
    expect(JSON.stringify((auth as { error: unknown }).error)).not.toMatch(/sk-upstr|Incorrect API key/);
    expect(await balanceOf(customer.walletId)).toBe(before);
  });
});
