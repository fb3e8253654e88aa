/**
 * Routing with failover: try candidate channels in order until one answers. A 429, 5xx, 408, timeout, broken
 * connection, refused credentials or unknown upstream model moves on (a 429 first to another secret of the same
 * channel), at most MAX_ATTEMPTS times; a request error the client must fix (400, 413, 422…) is returned as it is.
 * Nothing has reached the client while this runs: a JSON body is read whole here, and a stream is connected only
 * once its first bytes arrived, so an upstream that fails before its first byte is still failed over.
 */
import type { Readable } from "node:stream";
import type { Channel } from "../channels/types";
import { AppError } from "../errors";
import { logger } from "../log";
import { type Bridge, type BridgeInput, buildBridge } from "./bridges";
import type { ParsedRequest } from "./endpoints/types";
import { PROVIDERS } from "./providers/registry";
import type { ProviderAdapter } from "./providers/types";
import { scrubMessage } from "./respond";
import { scrubEchoes } from "./scrub-echo";
import { recordFailure, recordSuccess, tryAcquireChannel } from "./routing/health";
import { coolSecret, pickSecret } from "./routing/select-secret";
import { UpstreamFailure, type UpstreamResponse, callUpstream, readUpstreamBody } from "./upstream/call-upstream";

export const MAX_ATTEMPTS = 3;

export type Connected = {
  channel: Channel;
  adapter: ProviderAdapter;
  bridge: Bridge;
  response: UpstreamResponse;
  /** non-stream: the whole upstream body, parsed */
  json?: unknown;
  /** non-stream: the upstream body as text */
  text?: string;
  /** stream: the first bytes (the body is paused after them) */
  firstChunk?: Buffer;
  attempts: number;
};

type Failure = { error: AppError; retry: "next" | "same_channel" | "none" };

const PASS_HEADERS = ["anthropic-version", "anthropic-beta"];

function firstChunk(body: Readable, timeoutMs: number): Promise<Buffer> {
  // bytes that came with the response headers (the usual case): taken at once, every one already buffered
  if (body.readableLength > 0 && !body.destroyed) return Promise.resolve(body.read() as Buffer);
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      clearTimeout(timer);
      body.off("data", onData);
      body.off("end", onEnd);
      body.off("error", onError);
      body.off("aborted", onError);
    };
    const onData = (chunk: Buffer) => {
      cleanup();
      body.pause();
      resolve(chunk);
    };
    const onEnd = () => {
      cleanup();
      reject(new UpstreamFailure("connection", "the upstream ended the stream before sending anything"));
    };
    const onError = () => {
      cleanup();
      reject(new UpstreamFailure("connection", "the upstream connection broke before the stream started"));
    };
    const timer = setTimeout(() => {
      cleanup();
      body.destroy();
      reject(new UpstreamFailure("timeout", `the stream did not start within ${timeoutMs} ms`));
    }, timeoutMs);
    body.on("data", onData);
    body.on("end", onEnd);
    body.on("error", onError);
    body.on("aborted", onError);
  });
}

function failureFromTransport(error: unknown, timeoutMs: number): AppError {
  if (error instanceof UpstreamFailure && error.kind === "timeout") return new AppError("upstream_timeout", `The upstream did not answer in time (${timeoutMs} ms)`);
  if (error instanceof UpstreamFailure && error.kind === "refused_address") return new AppError("upstream_error", "The channel's upstream address is not allowed");
  if (error instanceof UpstreamFailure && error.kind === "redirect") return new AppError("upstream_error", "The upstream answered with a redirect, which the relay does not follow");
  return new AppError("upstream_error", "The upstream could not be reached or broke the connection");
}

function retryAfterMs(header: string | string[] | undefined): number {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return 30_000;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : 30_000;
}

async function failureFromStatus({
  channel,
  adapter,
  response,
  secretIndex,
  requestBody,
}: {
  channel: Channel;
  adapter: ProviderAdapter;
  response: UpstreamResponse;
  secretIndex: number;
  /** what the client sent: runs of it echoed in the upstream's message are cut out */
  requestBody: unknown;
}): Promise<Failure> {
  const { status } = response;
  const text = (await readUpstreamBody({ body: response.body, timeoutMs: channel.timeoutMs, maxBytes: 1024 * 1024 }).catch(() => Buffer.alloc(0))).toString("utf8");
  const info = adapter.parseError({ status, body: text });
  const message = scrubMessage(scrubEchoes(info.message.slice(0, 4_000), requestBody), channel.secrets);
  // Status and error type only: the upstream's message can echo the prompt (or a key), and logs outlive requests.
  logger().warn({ channel: channel.name, status, upstreamType: info.type && /^[\w.-]{1,64}$/.test(info.type) ? info.type : undefined }, "upstream refused a request");
  if (status === 429) {
    const waitMs = retryAfterMs(response.headers["retry-after"]);
    coolSecret(channel.id, secretIndex, waitMs);
    recordFailure(channel.id, "429");
    return {
      error: new AppError("rate_limited", "The upstream is rate limiting this model; retry shortly", { headers: { "retry-after": String(Math.max(1, Math.ceil(waitMs / 1000))) } }),
      retry: "same_channel",
    };
  }
  if (status >= 500 || status === 408) {
    recordFailure(channel.id, String(status));
    // overloaded (Anthropic's 529) or unavailable: the caller hears it as such, a retryable 503 / overloaded_error
    if (status === 503 || status === 529) return { error: new AppError("unavailable", `The upstream is overloaded (HTTP ${status}): ${message}`), retry: "next" };
    return { error: new AppError("upstream_error", `The upstream failed (HTTP ${status}): ${message}`), retry: "next" };
  }
  if (status === 401 || status === 403) {
    recordFailure(channel.id, String(status));
    return { error: new AppError("upstream_error", "The upstream refused the channel's credentials"), retry: "next" };
  }
  if (status === 404) return { error: new AppError("upstream_error", `The upstream could not serve this model: ${message}`), retry: "next" };
  // the request itself is wrong: the client must fix it, another channel would say the same
  recordSuccess(channel.id, 0);
  if (status === 413) return { error: new AppError("payload_too_large", message), retry: "none" };
  return { error: new AppError("bad_request", message, { status: status >= 400 && status < 500 ? status : 400 }), retry: "none" };
}

async function attempt({
  channel,
  secretIndex,
  parsed,
  bridgeInput,
  passHeaders,
}: {
  channel: Channel;
  secretIndex: number;
  parsed: ParsedRequest;
  bridgeInput: Omit<BridgeInput, "channel" | "upstreamModel">;
  passHeaders: Record<string, string>;
}): Promise<{ ok: true; connected: Omit<Connected, "attempts"> } | ({ ok: false } & Failure)> {
  const adapter = PROVIDERS[channel.type];
  const upstreamModel = channel.modelMapping[parsed.model] ?? parsed.model;
  const bridge = buildBridge({ ...bridgeInput, channel, upstreamModel });
  const request = adapter.buildRequest({
    baseUrl: channel.baseUrl,
    secret: channel.secrets[secretIndex],
    operation: bridge.operation,
    model: upstreamModel,
    body: bridge.body,
    isStream: parsed.isStream,
    passHeaders,
  });
  const startedAt = performance.now();
  let response: UpstreamResponse;
  try {
    response = await callUpstream({ request, timeoutMs: channel.timeoutMs });
  } catch (error) {
    recordFailure(channel.id, error instanceof UpstreamFailure ? error.kind : "connection");
    return { ok: false, error: failureFromTransport(error, channel.timeoutMs), retry: "next" };
  }
  if (response.status >= 400) return { ok: false, ...(await failureFromStatus({ channel, adapter, response, secretIndex, requestBody: parsed.body })) };
  const latency = performance.now() - startedAt;
  try {
    if (!parsed.isStream) {
      const text = (await readUpstreamBody({ body: response.body, timeoutMs: channel.timeoutMs })).toString("utf8");
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        recordFailure(channel.id, "invalid_json");
        return { ok: false, error: new AppError("upstream_error", "The upstream returned an invalid response"), retry: "next" };
      }
      recordSuccess(channel.id, latency);
      return { ok: true, connected: { channel, adapter, bridge, response, json, text } };
    }
    const chunk = await firstChunk(response.body, channel.timeoutMs);
    recordSuccess(channel.id, latency);
    return { ok: true, connected: { channel, adapter, bridge, response, firstChunk: chunk } };
  } catch (error) {
    recordFailure(channel.id, error instanceof UpstreamFailure ? error.kind : "connection");
    return { ok: false, error: failureFromTransport(error, channel.timeoutMs), retry: "next" };
  }
}

export async function connectUpstream({
  candidates,
  parsed,
  bridgeInput,
  header,
  onAttempt,
  onFailure,
}: {
  candidates: Channel[];
  parsed: ParsedRequest;
  bridgeInput: Omit<BridgeInput, "channel" | "upstreamModel">;
  header: (name: string) => string | undefined;
  onAttempt: (channel: Channel, attempts: number) => void;
  /** an attempt the channel failed (not a request the client must fix): the channel's health counts it */
  onFailure?: (channel: Channel, attempts: number, error: AppError) => void;
}): Promise<Connected> {
  const passHeaders: Record<string, string> = {};
  for (const name of PASS_HEADERS) {
    const value = header(name);
    if (value) passHeaders[name] = value;
  }
  const usedSecrets = new Map<string, Set<number>>();
  let attempts = 0;
  let next = 0;
  let retrySame: Channel | null = null;
  let lastError: AppError | null = null;
  /** candidates passed over because their circuit is open (routing/health.ts) */
  const tripped: Channel[] = [];
  let isLastResort = false;
  while (attempts < MAX_ATTEMPTS) {
    let channel: Channel | undefined = retrySame ?? candidates[next++];
    retrySame = null;
    if (!channel) {
      // Every candidate's circuit is open and nothing was tried: rather than refuse on what the last minute saw,
      // try the best of them — the upstream may be back, and the caller gets its real answer. (With one channel,
      // two transient upstream errors otherwise meant a minute of 503s however soon the upstream recovered.)
      if (attempts > 0 || isLastResort || tripped.length === 0) break;
      isLastResort = true;
      channel = tripped[0];
    } else if (!isLastResort && !tryAcquireChannel(channel.id)) {
      tripped.push(channel);
      continue;
    }
    const used = usedSecrets.get(channel.id) ?? new Set<number>();
    usedSecrets.set(channel.id, used);
    const secretIndex = pickSecret(channel, Date.now(), used);
    if (secretIndex === null) {
      lastError ??= new AppError("rate_limited", "Every upstream account of this model is rate limited; retry shortly", { headers: { "retry-after": "5" } });
      continue;
    }
    used.add(secretIndex);
    attempts++;
    onAttempt(channel, attempts);
    const result = await attempt({ channel, secretIndex, parsed, bridgeInput, passHeaders });
    if (result.ok) return { ...result.connected, attempts };
    lastError = result.error;
    if (result.retry === "none") throw result.error;
    onFailure?.(channel, attempts, result.error);
    if (result.retry === "same_channel" && used.size < channel.secrets.length) retrySame = channel;
  }
  throw lastError ?? new AppError("no_channel", `No channel can serve ${parsed.model} right now`);
}
