import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnv } from "../../lib/env";
import { CLUSTER_AUTH_SECRET, type Instance } from "../cluster/support/instances";
import { addChannel, createCustomer, createModel, startFakeUpstream, type Customer } from "../relay/support/harness";
import type { FakeUpstream } from "../fakes/upstream";
import { dribble, filler, rawRequest, startInputServer, type RawAnswer } from "./support/input-server";

// Hostile input against a real server.ts (the relay door /v1/* and the Next console routes under /api): every bad
// request gets a 4xx in the caller's dialect, never a 500 or a crash, and neither door buffers or waits forever.

const MB = 1024 * 1024;
const RELAY_LIMIT = 10 * MB; // RELAY_MAX_BODY_MB's default
const CONSOLE_LIMIT = 1_000_000; // lib/http/read-json.ts MAX_JSON_BYTES
const BODY_IDLE_MS = 1_000;
const HEADERS_TIMEOUT_MS = 1_500;
const REQUEST_TIMEOUT_MS = 3_000;

let server: Instance;
let fake: FakeUpstream;
let customer: Customer;

beforeAll(async () => {
  // the server decrypts the channel secrets seeded here: both sides use its secret
  process.env.AUTH_SECRET = CLUSTER_AUTH_SECRET;
  resetEnv();
  fake = await startFakeUpstream();
  await createModel({ id: "input-model" });
  await addChannel({ fake, type: "openai", models: ["input-model"] });
  customer = await createCustomer();
  server = await startInputServer({
    RELAY_BODY_IDLE_TIMEOUT_MS: String(BODY_IDLE_MS),
    SERVER_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
    SERVER_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
  });
}, 600_000);

afterAll(async () => {
  await server?.stop();
  await fake?.close();
});

const host = () => new URL(server.url).host;

/** A relay request over a raw socket (the SDKs would refuse to send most of these). */
function relayHead(path: string, { length, headers = [] }: { length?: number; headers?: string[] } = {}): string {
  const framing = length === undefined ? "transfer-encoding: chunked" : `content-length: ${length}`;
  return [`POST ${path} HTTP/1.1`, `host: ${host()}`, `authorization: Bearer ${customer.secret}`, "content-type: application/json", framing, ...headers].join("\r\n");
}

/** A console request (sign-up: public, reads its body with readJson) from the site itself. */
function consoleHead({ length }: { length?: number } = {}): string {
  const framing = length === undefined ? "transfer-encoding: chunked" : `content-length: ${length}`;
  return [`POST /api/auth/signup HTTP/1.1`, `host: ${host()}`, `origin: ${server.url}`, "content-type: application/json", framing].join("\r\n");
}

async function post(path: string, body: string | Buffer, headers: Record<string, string> = {}): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.url, ...headers },
    body: typeof body === "string" ? body : new Uint8Array(body),
  });
  const text = await response.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: the assertion on `json` shows the text
  }
  return { status: response.status, json };
}

const relay = (path: string, body: string | Buffer, headers: Record<string, string> = {}) => post(path, body, { authorization: `Bearer ${customer.secret}`, ...headers });
const anthropic = (body: string | Buffer) => relay("/v1/messages", body, { "anthropic-version": "2023-06-01" });
const openAiError = (code: string) => ({ error: { type: "invalid_request_error", code } });
const anthropicError = (type: string) => ({ type: "error", error: { type } });
const consoleError = (code: string) => ({ error: { code } });

const nested = (depth: number) => "[".repeat(depth) + "]".repeat(depth);
const chat = (content: string) => `{"model":"input-model","max_tokens":5,"messages":[{"role":"user","content":${content}}]}`;

async function isAlive(): Promise<boolean> {
  return (await fetch(`${server.url}/api/health`)).ok;
}

describe("malformed bodies get a 400 in the caller's dialect", () => {
  it("malformed JSON, on both doors", async () => {
    expect(await relay("/v1/chat/completions", '{"model":"input-model",')).toMatchObject({ status: 400, json: openAiError("invalid_json") });
    expect(await anthropic('{"model":')).toMatchObject({ status: 400, json: anthropicError("invalid_request_error") });
    expect(await post("/api/auth/signup", "{bad")).toMatchObject({ status: 400, json: consoleError("invalid_json") });
  });

  it("wrong types and an empty body are refused, not crashed on", async () => {
    for (const body of ['{"model":5,"messages":"hi"}', '{"model":"input-model","messages":[{"role":7,"content":{}}]}', '"a string"', "[]", "null", "1e999"]) {
      const answer = await relay("/v1/chat/completions", body);
      expect(answer.status, body).toBe(400);
      expect(answer.json, body).toMatchObject({ error: { type: "invalid_request_error" } });
    }
    expect(await relay("/v1/chat/completions", "")).toMatchObject({ status: 400, json: openAiError("bad_request") });
    expect(await anthropic("")).toMatchObject({ status: 400, json: anthropicError("invalid_request_error") });
    const console = await post("/api/auth/signup", '{"email":5,"password":[1],"name":{"$gt":""}}');
    expect(console).toMatchObject({ status: 422, json: consoleError("validation_failed") });
    expect(fake.requests).toHaveLength(0);
  });

  it("100,000 nested arrays: a 400, no stack overflow, the server lives on", async () => {
    const deep = nested(100_000);
    expect((await relay("/v1/chat/completions", deep)).status).toBe(400);
    expect(await relay("/v1/chat/completions", chat(deep))).toMatchObject({ status: 400, json: openAiError("invalid_json") });
    const tools = `{"model":"input-model","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f","parameters":{"a":${deep}}}}]}`;
    expect(await relay("/v1/chat/completions", tools)).toMatchObject({ status: 400, json: openAiError("invalid_json") });
    expect(await anthropic(`{"model":"input-model","max_tokens":5,"messages":[{"role":"user","content":"hi"}],"metadata":${deep}}`)).toMatchObject({
      status: 400,
      json: anthropicError("invalid_request_error"),
    });
    expect(await post("/api/auth/signup", `{"email":${nested(100_000)}}`)).toMatchObject({ status: 400, json: consoleError("invalid_json") });
    expect(fake.requests).toHaveLength(0);
    expect(await isAlive()).toBe(true);
  });

  it("invalid UTF-8 is a 400, not a 500 and not a prompt of replacement characters", async () => {
    const broken = Buffer.concat([Buffer.from('{"model":"input-model","messages":[{"role":"user","content":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}]}')]);
    expect(await relay("/v1/chat/completions", broken)).toMatchObject({ status: 400, json: { error: { code: "invalid_json", message: expect.stringMatching(/UTF-8/) } } });
    expect(await anthropic(broken)).toMatchObject({ status: 400, json: anthropicError("invalid_request_error") });
    const signup = Buffer.concat([Buffer.from('{"email":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('@example.com","password":"correct horse battery"}')]);
    expect(await post("/api/auth/signup", signup)).toMatchObject({ status: 400, json: consoleError("invalid_json") });
    expect(fake.requests).toHaveLength(0);
  });

  it("U+0000 in console text is a 422, not the database's 500; six ordinary characters \\u0000 are fine", async () => {
    const signup = (name: string) => `{"email":"nul-${Math.random().toString(36).slice(2)}@example.com","password":"correct horse battery","name":${name}}`;
    expect(await post("/api/auth/signup", signup(`"Ann\\u0000"`))).toMatchObject({ status: 422, json: { error: { code: "validation_failed", message: expect.stringMatching(/U\+0000/) } } });
    expect(await post("/api/auth/signup", `{"email\\u0000":"x"}`)).toMatchObject({ status: 422, json: consoleError("validation_failed") });
    expect((await post("/api/auth/signup", signup(`"Ann\\\\u0000"`))).status).toBeLessThan(300);
    expect(await isAlive()).toBe(true);
  });

  it("unknown fields are ignored by the relay, which still serves the request", async () => {
    const answer = await relay("/v1/chat/completions", '{"model":"input-model","max_tokens":5,"messages":[{"role":"user","content":"hi"}],"not_a_field":{"x":1}}');
    expect(answer).toMatchObject({ status: 200 });
    expect(fake.requests).toHaveLength(1);
    fake.reset();
  });
});

describe("unknown endpoints and wrong methods", () => {
  const get = async (path: string, headers: Record<string, string> = {}, method = "GET") => {
    const response = await fetch(`${server.url}${path}`, { method, headers });
    return { status: response.status, allow: response.headers.get("allow"), json: (await response.json().catch(() => null)) as unknown };
  };

  it("an unknown /v1 path is a 404 in OpenAI's shape, or Anthropic's when the caller looks like Anthropic's SDK", async () => {
    expect(await get("/v1/nope")).toMatchObject({ status: 404, json: openAiError("not_found") });
    expect(await get("/v1/nope", { authorization: `Bearer ${customer.secret}` })).toMatchObject({ status: 404, json: openAiError("not_found") });
    expect(await get("/v1/nope", { "anthropic-version": "2023-06-01" })).toMatchObject({ status: 404, json: anthropicError("not_found_error") });
    expect(await get("/v1/messages/nope", { "x-api-key": customer.secret }, "POST")).toMatchObject({ status: 404, json: anthropicError("not_found_error") });
    expect(await get("/v1/nope", { "x-api-key": customer.secret })).toMatchObject({ status: 404, json: anthropicError("not_found_error") });
  });

  it("an unknown /api path is a 404 in the console's JSON, not an HTML page", async () => {
    expect(await get("/api/nope")).toMatchObject({ status: 404, json: consoleError("not_found") });
    expect(await get("/api/keys/x/y/z", { origin: server.url }, "POST")).toMatchObject({ status: 404, json: consoleError("not_found") });
  });

  it("a wrong method is a 405", async () => {
    expect(await get("/v1/chat/completions")).toMatchObject({ status: 405, allow: "POST", json: openAiError("bad_request") });
    expect(await get("/v1/messages", { "anthropic-version": "2023-06-01" }, "PUT")).toMatchObject({ status: 405, json: anthropicError("invalid_request_error") });
    expect(await get("/v1/models", { authorization: `Bearer ${customer.secret}` }, "POST")).toMatchObject({ status: 405, allow: "GET" });
    expect((await get("/api/health", {}, "DELETE")).status).toBe(405);
    expect((await get("/api/auth/signup", { origin: server.url }, "PUT")).status).toBe(405);
  });
});

describe("bodies over the limit get a 413 before they are read", () => {
  // (the slack is what socket buffers on both sides hold, and what the client sends while the server answers)
  const expect413 = (answer: RawAnswer, limit: number) => {
    expect(answer.status).toBe(413);
    // the answer came while the client was still sending: far from all of the 100 MB had left it
    expect(answer.sentAtAnswer).toBeGreaterThanOrEqual(0);
    expect(answer.sentAtAnswer).toBeLessThan(limit + 16 * MB);
    // and the server did not swallow the rest: it closed the connection on a client that kept on sending
    expect(answer.isClosedByServer).toBe(true);
    expect(answer.sent).toBeLessThan(limit + 32 * MB);
  };
  const slowly = (total: number, isChunked = false) => filler({ total, isChunked, pauseMs: 1 });

  it("relay: a declared Content-Length of 100 MB is refused before a body byte is read", async () => {
    const answer = await rawRequest({ url: server.url, head: relayHead("/v1/chat/completions", { length: 100 * MB }), body: slowly(100 * MB), isDeaf: true });
    expect413(answer, 0);
    expect(JSON.parse(answer.body)).toMatchObject(openAiError("payload_too_large"));
  });

  it("relay: a chunked 100 MB body is counted as it arrives and refused past the limit, in the caller's dialect", async () => {
    const head = relayHead("/v1/messages", { headers: ["anthropic-version: 2023-06-01"] });
    const answer = await rawRequest({ url: server.url, head, body: slowly(100 * MB, true), isDeaf: true });
    expect413(answer, RELAY_LIMIT);
    expect(answer.sentAtAnswer).toBeGreaterThan(RELAY_LIMIT); // it did read up to the limit: the count is of real bytes
    expect(JSON.parse(answer.body)).toMatchObject(anthropicError("request_too_large"));
  });

  it("relay: a 10 MB body just over the limit gets the 413 too, and an honest client reads it", async () => {
    const answer = await rawRequest({ url: server.url, head: relayHead("/v1/chat/completions", { length: RELAY_LIMIT + 1 }), body: filler({ total: RELAY_LIMIT + 1, size: 64 * 1024 }) });
    expect(answer.status).toBe(413);
    expect(answer.sentAtAnswer).toBeLessThan(RELAY_LIMIT);
    expect(fake.requests).toHaveLength(0);
  });

  it("console: a declared 10 MB or 100 MB body is refused by server.ts before Next reads it", async () => {
    const ten = await rawRequest({ url: server.url, head: consoleHead({ length: 10 * MB }), body: slowly(10 * MB) });
    expect(ten.status).toBe(413);
    expect(ten.sentAtAnswer).toBeLessThan(10 * MB);
    const hundred = await rawRequest({ url: server.url, head: consoleHead({ length: 100 * MB }), body: slowly(100 * MB), isDeaf: true });
    expect413(hundred, 0);
    expect(JSON.parse(hundred.body)).toMatchObject(consoleError("payload_too_large"));
  });

  it("console: a chunked 100 MB body is refused once past the route's limit, and the rest is never read", async () => {
    const answer = await rawRequest({ url: server.url, head: consoleHead(), body: slowly(100 * MB, true), isDeaf: true });
    expect413(answer, CONSOLE_LIMIT);
    expect(JSON.parse(answer.body)).toMatchObject(consoleError("payload_too_large"));
    expect(await isAlive()).toBe(true);
  });

  it("console: the Stripe webhook (which reads its raw body itself) caps a chunked body the same way", async () => {
    const head = [`POST /api/stripe/webhook HTTP/1.1`, `host: ${host()}`, "stripe-signature: t=1,v1=00", "content-type: application/json", "transfer-encoding: chunked"].join("\r\n");
    const answer = await rawRequest({ url: server.url, head, body: slowly(100 * MB, true), isDeaf: true });
    expect413(answer, CONSOLE_LIMIT);
  });
});

describe("slow clients are cut off by timeouts", () => {
  it("relay: a body that stops arriving gets a 408 in the caller's dialect after the idle timeout, and the connection closes", async () => {
    async function* stall() {
      yield Buffer.from('{"model":"input-model",');
      await new Promise((resolve) => setTimeout(resolve, 60_000));
    }
    const answer = await rawRequest({ url: server.url, head: relayHead("/v1/chat/completions", { length: 1_000 }), body: stall(), isDeaf: true });
    expect(answer.status).toBe(408);
    expect(JSON.parse(answer.body)).toMatchObject(openAiError("request_timeout"));
    expect(answer.isClosedByServer).toBe(true);
  });

  it("relay: a body dribbled a byte at a time (never idle long enough) is cut by the request timeout", async () => {
    const text = chat('"hello"');
    const answer = await rawRequest({ url: server.url, head: relayHead("/v1/chat/completions", { length: text.length }), body: dribble(text, 300), isDeaf: true });
    expect(answer.status).toBe(408);
    expect(answer.isClosedByServer).toBe(true);
    expect(answer.sent).toBeLessThan(text.length);
    expect(fake.requests).toHaveLength(0);
  });

  it("console: a stalled body is cut by the request timeout", async () => {
    const answer = await rawRequest({ url: server.url, head: consoleHead({ length: 500 }), body: dribble('{"email":"slow@example.com"', 400), isDeaf: true });
    expect(answer.status).toBe(408);
    expect(answer.isClosedByServer).toBe(true);
  });

  it("headers sent slowly (slow loris) get a 408 from the headers timeout", async () => {
    for (const path of ["/v1/chat/completions", "/api/health"]) {
      const answer = await rawRequest({ url: server.url, head: `GET ${path} HTTP/1.1\r\nhost: ${host()}`, isHeadOpen: true, body: dribble("x-slow: ".padEnd(200, "a"), 100), isDeaf: true });
      expect(answer.status, path).toBe(408);
      expect(answer.isClosedByServer, path).toBe(true);
    }
  });

  it("huge headers are refused with a 431 on both doors", async () => {
    for (const path of ["/v1/chat/completions", "/api/health"]) {
      const answer = await rawRequest({ url: server.url, head: `GET ${path} HTTP/1.1\r\nhost: ${host()}\r\nx-big: ${"a".repeat(64 * 1024)}` });
      expect(answer.status, path).toBe(431);
    }
  });

  it("the request timeout bounds only the request's arrival: a stream longer than it is delivered whole", async () => {
    fake.setBehavior({ chunks: 8, chunkDelayMs: 500 }); // 4 s of streaming against a 3 s request timeout
    try {
      const response = await fetch(`${server.url}/v1/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${customer.secret}` },
        body: JSON.stringify({ model: "input-model", max_tokens: 50, stream: true, messages: [{ role: "user", content: "hi" }] }),
      });
      expect(response.status).toBe(200);
      const wire = await response.text();
      expect(wire).toContain("data: [DONE]");
    } finally {
      fake.setBehavior({});
      fake.reset();
    }
  });
});
