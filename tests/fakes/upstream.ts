/**
 * A fake LLM upstream for tests, benchmarks and the browser suite: one local HTTP server that speaks OpenAI
 * (/v1/chat/completions, /v1/responses, /v1/embeddings, /v1/images/generations), Anthropic (/v1/messages,
 * /v1/messages/count_tokens) and Gemini (/v1beta/models/{m}:generateContent, :streamGenerateContent?alt=sse,
 * :embedContent, :batchEmbedContents, Imagen :predict) as the real wire protocols do (OpenAI's GET and DELETE
 * /v1/responses/{id} too, and each provider's model list: upstream-models.ts), with knobs (upstream-types.ts) for latency, chunking, errors, hangs, cuts and missing usage.
 * Channels point at it as `${url}/v1` (OpenAI) and `${url}` (Anthropic, Gemini).
 */
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { anthropicCountTokens, anthropicMessages } from "./upstream-anthropic";
import { geminiEmbed, geminiGenerate, imagenPredict } from "./upstream-gemini";
import { listGeminiModels, listModels } from "./upstream-models";
import { openAiChat, openAiEmbeddings, openAiImages, openAiResponses, openAiStoredResponse } from "./upstream-openai";
import type { FakeBehavior, RecordedRequest } from "./upstream-types";

export type { FakeBehavior, RecordedRequest } from "./upstream-types";

export type FakeUpstream = {
  url: string;
  port: number;
  /** every request received (newest last); cleared by reset() */
  requests: RecordedRequest[];
  setBehavior(behavior: FakeBehavior): void;
  /** behaviors for the next requests, in order, before the server-wide one applies again */
  queue(...behaviors: FakeBehavior[]): void;
  reset(): void;
  close(): Promise<void>;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function errorBody(path: string, status: number): unknown {
  const message = status === 429 ? "Rate limit reached for requests" : status >= 500 ? "The server had an error while processing your request." : status === 401 ? "Incorrect API key provided: sk-upstr***************1234." : "Invalid request: the fake upstream was told to refuse it.";
  if (path.startsWith("/v1/messages")) {
    const type = status === 429 ? "rate_limit_error" : status === 529 ? "overloaded_error" : status >= 500 ? "api_error" : status === 401 ? "authentication_error" : "invalid_request_error";
    return { type: "error", error: { type, message } };
  }
  if (path.startsWith("/v1beta")) return { error: { code: status, message, status: status === 429 ? "RESOURCE_EXHAUSTED" : status >= 500 ? "INTERNAL" : "INVALID_ARGUMENT" } };
  return { error: { message, type: status === 429 ? "requests" : status >= 500 ? "server_error" : "invalid_request_error", param: null, code: status === 401 ? "invalid_api_key" : null } };
}

export async function startFakeUpstream({ behavior: initial = {}, keys }: { behavior?: FakeBehavior; keys?: string[] } = {}): Promise<FakeUpstream> {
  let behavior: FakeBehavior = { ...initial };
  const queued: FakeBehavior[] = [];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", "http://fake");
    let body: Record<string, unknown> = {};
    try {
      body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>) : {};
    } catch {
      res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify(errorBody(url.pathname, 400)));
      return;
    }
    requests.push({ method: req.method ?? "GET", path: url.pathname + url.search, headers: req.headers, body });
    if (requests.length > 10_000) requests.splice(0, 5_000);
    const header = req.headers["x-fake-behavior"];
    const b: FakeBehavior = { ...(queued.shift() ?? behavior), ...(typeof header === "string" ? (JSON.parse(header) as FakeBehavior) : {}) };
    if (b.hang) return; // never answer; the socket is closed by close()
    if (b.latencyMs) await sleep(b.latencyMs);
    const presented = req.headers.authorization?.replace(/^Bearer /, "") ?? req.headers["x-api-key"] ?? req.headers["x-goog-api-key"];
    const status = keys && !keys.includes(String(presented)) ? 401 : b.status;
    if (status && status >= 400) {
      res.writeHead(status, { "content-type": "application/json", ...(b.retryAfterSeconds !== undefined ? { "retry-after": String(b.retryAfterSeconds) } : {}) });
      res.end(JSON.stringify(errorBody(url.pathname, status)));
      return;
    }
    const path = url.pathname;
    if (path === "/v1/models" && req.method === "GET") return listModels({ url, isAnthropic: req.headers["anthropic-version"] !== undefined, behavior: b, res });
    if (path === "/v1beta/models" && req.method === "GET") return listGeminiModels({ url, behavior: b, res });
    if (path === "/v1/chat/completions") return openAiChat(body, b, res);
    if (path === "/v1/responses") return openAiResponses(body, b, res);
    const storedResponse = /^\/v1\/responses\/([^/]+)$/.exec(path);
    if (storedResponse) return openAiStoredResponse({ id: decodeURIComponent(storedResponse[1]), method: req.method ?? "GET", res });
    if (path === "/v1/embeddings") return openAiEmbeddings(body, b, res);
    if (path === "/v1/images/generations") return openAiImages(body, b, res);
    if (path === "/v1/messages") return anthropicMessages(body, b, res);
    if (path === "/v1/messages/count_tokens") return anthropicCountTokens(body, b, res);
    const gemini = /^\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent)$/.exec(path);
    if (gemini) return geminiGenerate({ model: decodeURIComponent(gemini[1]), body, isStream: gemini[2] === "streamGenerateContent", behavior: b, res });
    const googleOther = /^\/v1beta\/models\/([^/:]+):(embedContent|batchEmbedContents|predict)$/.exec(path);
    if (googleOther?.[2] === "predict") return imagenPredict({ body, res });
    if (googleOther) return geminiEmbed({ model: decodeURIComponent(googleOther[1]), body, isBatch: googleOther[2] === "batchEmbedContents", res });
    res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify(errorBody(path, 404)));
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    setBehavior(next) {
      behavior = { ...next };
    },
    queue(...next) {
      queued.push(...next);
    },
    reset() {
      behavior = { ...initial };
      queued.length = 0;
      requests.length = 0;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
