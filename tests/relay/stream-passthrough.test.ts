import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChannel } from "../../lib/channels/create-channel";
import { countTextTokens } from "../../lib/relay/tokens/tokenizer";
import { listenLocal } from "../support/listen-local";
import { createCustomer, createModel, lastLog, startRelay, testCost, type Customer, type Relay } from "./support/harness";

/**
 * The passthrough cuts events out of the upstream's bytes itself: these upstreams write exact byte sequences, split
 * at awkward places (inside a CRLF, inside a multi-byte character, between the two newlines of a blank line), to
 * check the client gets the same bytes and the bill is right.
 */
type Script = { pieces: (string | Buffer)[]; holdOpen?: Promise<void> };

const chunk = (delta: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ id: "chatcmpl-raw", object: "chat.completion.chunk", created: 1, model: "raw-model", choices: [{ index: 0, delta, finish_reason: null }], ...extra });
const usageChunk = JSON.stringify({ id: "chatcmpl-raw", object: "chat.completion.chunk", created: 1, model: "raw-model", choices: [], usage: { prompt_tokens: 9, completion_tokens: 4, total_tokens: 13 } });

/** A real HTTP upstream that answers the next chat request with the given pieces, written one at a time. */
async function startRawUpstream(): Promise<{ url: string; next: (script: Script) => void; close: () => Promise<void> }> {
  const scripts: Script[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", async () => {
      const script = scripts.shift();
      if (!script) return void res.writeHead(500).end();
      res.writeHead(200, { "content-type": "text/event-stream" });
      for (const piece of script.pieces) {
        res.write(piece);
        await new Promise((resolve) => setTimeout(resolve, 5)); // separate TCP reads on the relay's side
      }
      if (script.holdOpen) await script.holdOpen;
      res.end();
    });
  });
  return { ...(await listenLocal(server)), next: (script) => scripts.push(script) };
}

describe("stream passthrough on raw upstream bytes", () => {
  let relay: Relay;
  let upstream: Awaited<ReturnType<typeof startRawUpstream>>;
  let customer: Customer;

  beforeAll(async () => {
    upstream = await startRawUpstream();
    relay = await startRelay();
    await createModel({ id: "raw-model" });
    await createChannel({ input: { name: "raw", type: "openai", baseUrl: `${upstream.url}/v1`, secrets: ["raw-upstream-secret"], models: ["raw-model"], timeoutMs: 5_000 }, actor: { kind: "system" } });
    customer = await createCustomer({ balance: 1_000_000n });
  });

  afterAll(async () => {
    await relay.close();
    await upstream.close();
  });

  const post = (body: Record<string, unknown>) =>
    fetch(`${relay.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${customer.secret}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "raw-model", stream: true, messages: [{ role: "user", content: "Hi" }], ...body }),
    });

  it("forwards the bytes untouched when they are cut inside a multi-byte character and between the newlines of a blank line", async () => {
    const wire = Buffer.from(
      `data: ${chunk({ role: "assistant", content: "" })}\n\n: keep-alive comment\n\ndata: ${chunk({ content: "héllo wörld 🌍" })}\n\ndata: ${usageChunk}\n\ndata: [DONE]\n\n`,
    );
    const accent = wire.indexOf("é") + 1; // between the two bytes of "é"
    const blank = wire.indexOf("\n\n") + 1; // between the two newlines that end the first event
    const globe = wire.indexOf(Buffer.from("🌍")) + 2;
    upstream.next({ pieces: [wire.subarray(0, blank), wire.subarray(blank, accent), wire.subarray(accent, globe), wire.subarray(globe)] });
    const response = await post({ stream_options: { include_usage: true } });
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(wire)).toBe(true);
    expect(await lastLog(customer.keyId)).toMatchObject({ status: 200, input_tokens: 9, output_tokens: 4, cost: testCost({ input: 9, output: 4 }), usage_estimated: false });
  });

  it("drops the usage chunk the client did not ask for from CRLF-framed bytes, and still bills it", async () => {
    const events = [`data: ${chunk({ role: "assistant", content: "" })}`, `data: ${chunk({ content: "Hi there" })}`, `data: ${usageChunk}`, "data: [DONE]"];
    const wire = events.map((event) => `${event}\r\n\r\n`).join("");
    const cut = wire.indexOf("\r\n\r\n") + 3; // between the CR and the LF that end the first event
    const usageAt = wire.indexOf(`data: ${usageChunk}`) + 10;
    upstream.next({ pieces: [wire.slice(0, cut), wire.slice(cut, usageAt), wire.slice(usageAt)] });
    const response = await post({});
    expect(await response.text()).toBe(wire.replace(`data: ${usageChunk}\r\n\r\n`, ""));
    expect(await lastLog(customer.keyId)).toMatchObject({ status: 200, input_tokens: 9, output_tokens: 4, usage_estimated: false });
  });

  it("counts the delivered output locally when a completed stream reports no usage, and forwards a last event that lacks its blank line", async () => {
    const texts = ["The quick brown fox ", "jumps over ", "the lazy dog."];
    const wire = `data: ${chunk({ role: "assistant", content: "" })}\n\n${texts.map((text) => `data: ${chunk({ content: text })}\n\n`).join("")}data: [DONE]`;
    upstream.next({ pieces: [wire.slice(0, 40), wire.slice(40)] });
    const response = await post({});
    expect(await response.text()).toBe(`${wire}\n\n`);
    const log = await lastLog(customer.keyId);
    expect(log).toMatchObject({ status: 200, output_tokens: countTextTokens(texts.join("")), usage_estimated: true });
    expect(log.output_tokens).toBeGreaterThan(0);
  });

  it("ends the client's response with the terminal event, without waiting for the upstream's end of body", async () => {
    let release = () => undefined as void;
    const holdOpen = new Promise<void>((resolve) => (release = resolve));
    let hasUpstreamEnded = false;
    void holdOpen.then(() => (hasUpstreamEnded = true));
    const wire = `data: ${chunk({ role: "assistant", content: "" })}\n\ndata: ${chunk({ content: "Done soon" })}\n\ndata: ${usageChunk}\n\ndata: [DONE]\n\n`;
    upstream.next({ pieces: [wire], holdOpen });
    const response = await post({ stream_options: { include_usage: true } });
    expect(await response.text()).toBe(wire);
    expect(hasUpstreamEnded).toBe(false);
    expect(await lastLog(customer.keyId)).toMatchObject({ status: 200, error_code: null, output_tokens: 4, usage_estimated: false });
    release();
  });
});
