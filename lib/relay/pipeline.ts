/**
 * The relay pipeline, written once for every protocol and vendor and used by both doors (server.ts's Node
 * handler and the route handlers under app/v1):
 *
 *   authenticate → authorize (key state, IP, model, concurrency, RPM) → price & hold → route (failover) →
 *   stream & meter → settle exactly once + one request-log row.
 *
 * It knows nothing about any vendor: protocol details live in providers/ (adapters) and convert/ (converters),
 * chosen per channel by bridges.ts. Settlement and the log row are queued after the response's last byte
 * (relayIdle() waits for them); the in-memory ledger view is updated synchronously at settle time, so the next
 * request already sees the new balance.
 */
import type { Hold } from "../billing/hold-types";
import { placeHold, settleHold, voidHold } from "../billing/holds";
import { computeCost, getPrice, worstCaseCost, type Price } from "../billing/pricing";
import { totalInput, totalOutput, type Usage } from "../billing/usage";
import { channelTable, channelTableAfterMiss } from "../channels/channel-table";
import type { Channel } from "../channels/types";
import { env } from "../env";
import { AppError, toAppError } from "../errors";
import { parseJsonBody } from "../http/parse-json-body";
import type { ApiKeyAuth } from "../keys/types";
import { logger } from "../log";
import { type AttemptFailure, recordRequest } from "../usage/record-request";
import { authenticate, authorizeKey, authorizeModel } from "./authenticate";
import { canServe } from "./bridges";
import { connectForChoices } from "./choices-fan-out";
import { clientIp } from "./client-ip";
import { type Connected, connectUpstream } from "./connect-upstream";
import { deliverStream } from "./deliver-stream";
import { POST_ENDPOINTS } from "./endpoints/specs";
import type { Dialect, EndpointSpec, ParsedRequest } from "./endpoints/types";
import type { RelayRequest, RelayResponse } from "./exchange";
import { tooLarge } from "./node-exchange";
import { finalUsage, type UsageBounds, type UsageFlag } from "./final-usage";
import { nowSeconds, randomId } from "./convert/types";
import { toChatUsage } from "./providers/openai/convert-openai-usage";
import { formatSse } from "./sse/sse-parser";
import type { OutputCounter } from "./tokens/output-counter";
import { track } from "./idle";
import { limiter } from "./limits/limiter";
import { memberAllowance } from "./member-allowance";
import { modelCatalog } from "./model-catalog";
import { serveModels } from "./models-endpoint";
import { CORS_HEADERS, sendError, sendJson } from "./respond";
import { orderCandidates } from "./routing/select-channels";
import { newRequestId } from "./request-id";
import { continueConversation, preferChannel, rememberNativeResponse } from "./response-store-continue";
import { isStoredResponsePath, serveStoredResponse } from "./response-store-endpoint";
import { countTextTokens } from "./tokens/tokenizer";

type Ctx = {
  requestId: string;
  createdAt: Date;
  startedAt: number;
  ip: string;
  dialect: Dialect;
  spec: EndpointSpec | null;
  key: ApiKeyAuth | null;
  model: string;
  isStream: boolean;
  channel: Channel | null;
  attempts: number;
  /** attempts that failed on a channel, in order (null until one does) */
  failures: ChannelFailure[] | null;
  isLogged: boolean;
};

type ChannelFailure = AttemptFailure & { attempt: number };

const HOUR_TTL = Buffer.from('"1h"');

export function maxBodyBytes(): number {
  return Math.floor(env().RELAY_MAX_BODY_MB * 1024 * 1024);
}

/** Before the endpoint is known (unknown paths, early errors): Anthropic's shape when the caller looks like its SDK. */
function dialectFor(req: RelayRequest): Dialect {
  const isAnthropic = req.path.startsWith("/v1/messages") || req.header("anthropic-version") !== undefined || req.header("x-api-key") !== undefined;
  return isAnthropic ? "anthropic" : "openai";
}

/** Serve one relay request. Never throws: every failure becomes an error response in the caller's dialect. */
export async function handleRelayRequest(req: RelayRequest, res: RelayResponse): Promise<void> {
  // one clock reading: the request id's time and the log row's are the same millisecond
  const now = Date.now();
  const ctx: Ctx = {
    requestId: newRequestId(now),
    createdAt: new Date(now),
    startedAt: performance.now(),
    ip: clientIp({ peerAddress: req.peerAddress, forwardedFor: req.header("x-forwarded-for") }),
    dialect: dialectFor(req),
    spec: null,
    key: null,
    model: "",
    isStream: false,
    channel: null,
    attempts: 0,
    failures: null,
    isLogged: false,
  };
  try {
    await serve(ctx, req, res);
  } catch (thrown) {
    const error = toAppError(thrown);
    if (error.code === "internal") logger().error({ err: thrown instanceof Error ? thrown.stack : String(thrown), requestId: ctx.requestId }, "relay request failed");
    sendError({ res, error, dialect: ctx.dialect, requestId: ctx.requestId });
    if (ctx.key && !ctx.isLogged && ctx.spec) logRow(ctx, { status: error.status, errorCode: error.code });
  }
}

async function serve(ctx: Ctx, req: RelayRequest, res: RelayResponse): Promise<void> {
  if (req.method === "OPTIONS") {
    res.writeHead(204, {
      ...CORS_HEADERS,
      "access-control-allow-methods": "GET, POST, DELETE, OPTIONS",
      "access-control-allow-headers": "authorization, x-api-key, content-type, anthropic-version, anthropic-beta, openai-beta, x-stainless-*",
      "access-control-max-age": "86400",
      "x-request-id": ctx.requestId,
    });
    res.end();
    return;
  }
  if (req.path === "/v1/models" || req.path.startsWith("/v1/models/")) {
    if (req.method !== "GET") throw new AppError("bad_request", "Use GET for /v1/models", { status: 405, headers: { allow: "GET" } });
    const key = await authenticate(req);
    authorizeKey({ key, ip: ctx.ip });
    await serveModels({ req, res, key, requestId: ctx.requestId });
    return;
  }
  if (isStoredResponsePath(req.path)) {
    const key = await authenticate(req);
    authorizeKey({ key, ip: ctx.ip });
    await serveStoredResponse({ req, res, key, requestId: ctx.requestId });
    return;
  }
  const spec = POST_ENDPOINTS[req.path];
  if (!spec) throw new AppError("not_found", `Unknown endpoint: ${req.method} ${req.path}`);
  ctx.dialect = spec.dialect;
  if (req.method !== "POST") throw new AppError("bad_request", `Use POST for ${req.path}`, { status: 405, headers: { allow: "POST" } });
  const limit = maxBodyBytes();
  if (req.contentLength !== null && req.contentLength > limit) throw tooLarge(limit);
  const key = await authenticate(req);
  // a known key's refusals are logged too (disabled, expired, outside its IP allow-list): the usage log is where a
  // customer looks for a leaked key's attempts
  ctx.key = key;
  ctx.spec = spec;
  authorizeKey({ key, ip: ctx.ip });
  let raw = await req.readBody(limit);
  if (raw.length === 0) throw new AppError("bad_request", "The request body is empty: send a JSON object");
  let parsed = spec.parse(parseJsonBody(raw));
  // (tested here so that an undated name, nearly every request, awaits nothing more)
  if (DATED_NAME.test(parsed.model)) ({ parsed, raw } = await servedAsCatalogModel(parsed, raw));
  ctx.model = parsed.model;
  ctx.isStream = parsed.isStream;
  authorizeModel({ key, model: parsed.model });

  const release = await limiter().acquire(key.id, key.concurrencyLimit);
  if (!release) {
    throw new AppError("concurrency_limited", `Too many concurrent requests for this API key (limit ${key.concurrencyLimit})`, { headers: { "retry-after": "1" } });
  }
  try {
    if (key.rpmLimit !== null) {
      const rpm = await limiter().hitRpm(key.id, key.rpmLimit);
      if (!rpm.isAllowed) {
        throw new AppError("rate_limited", `Rate limit reached for this API key (${key.rpmLimit} requests per minute)`, { headers: { "retry-after": String(rpm.retryAfterSeconds) } });
      }
    }
    if (spec.protocol === "count_tokens") {
      await serveCountTokens({ ctx, req, res, parsed, raw });
      return;
    }
    const continued = spec.protocol === "responses" ? await continueConversation({ parsed, raw, key }) : { parsed, raw };
    await serveBilled({ ctx, req, res, ...continued, key, spec });
  } finally {
    release();
  }
}

const DATED_NAME = /^(.+)-\d{8}$/;

/**
 * A dated snapshot name the catalog does not list ("claude-sonnet-4-5-20250929", what Claude Code asks for by
 * default) is served as the undated model the catalog lists ("claude-sonnet-4-5"): its price, its key permissions,
 * its channels and its log rows. The body goes up naming the catalog's model, so a channel's mapping applies as to
 * any other request. A name the catalog lists is never changed.
 */
async function servedAsCatalogModel(parsed: ParsedRequest, raw: Buffer): Promise<{ parsed: ParsedRequest; raw: Buffer }> {
  const dated = DATED_NAME.exec(parsed.model);
  if (!dated) return { parsed, raw };
  const catalog = await modelCatalog();
  if (catalog.has(parsed.model) || !catalog.has(dated[1])) return { parsed, raw };
  const body = { ...parsed.body, model: dated[1] };
  return { parsed: { ...parsed, model: dated[1], body }, raw: Buffer.from(JSON.stringify(body)) };
}

const HOLD_REFUSALS = new Set(["insufficient_quota", "key_cap_exceeded", "allowance_exceeded"]);

/**
 * A hold refused for money says what the hold is made of, so the caller knows a lower max_tokens may get through:
 * without max_tokens the model's whole output limit is held (64,000 tokens of a large model is most of a trial credit).
 */
function withHoldHint(error: unknown, { maxOutputTokens, modelMax }: { maxOutputTokens: number | null | undefined; modelMax: number }): unknown {
  // embeddings and images hold no output tokens: nothing to lower
  if (!(error instanceof AppError) || !HOLD_REFUSALS.has(error.code) || maxOutputTokens === 0 || modelMax === 0) return error;
  const hint =
    maxOutputTokens === null || maxOutputTokens === undefined
      ? ` No max_tokens was given, so the model's output limit (${modelMax.toLocaleString("en-US")} tokens) is held; set max_tokens to hold less.`
      : " The hold is the prompt plus max_tokens of output; a lower max_tokens holds less.";
  return new AppError(error.code, `${error.message}${hint}`, { param: error.param, headers: error.headers, status: error.status });
}

async function candidatesFor(ctx: Ctx, spec: EndpointSpec): Promise<Channel[]> {
  let table = await channelTable();
  if (!table.byModel.has(ctx.model)) table = await channelTableAfterMiss();
  const serving = table.byModel.get(ctx.model) ?? [];
  const able = serving.filter((channel) => canServe(spec.protocol, channel));
  if (serving.length === 0) throw new AppError("no_channel", `No channel serves the model ${ctx.model} right now`);
  if (able.length === 0) throw new AppError("not_implemented", `The model ${ctx.model} cannot be served on ${ctx.spec?.logName ?? "this endpoint"} by its channels`);
  return orderCandidates({ channels: able });
}

async function serveBilled({
  ctx,
  req,
  res,
  parsed,
  raw,
  key,
  spec,
}: {
  ctx: Ctx;
  req: RelayRequest;
  res: RelayResponse;
  parsed: ParsedRequest;
  raw: Buffer;
  key: ApiKeyAuth;
  spec: EndpointSpec;
}): Promise<void> {
  const entry = (await modelCatalog()).get(parsed.model);
  const price = entry ? await getPrice(parsed.model, ctx.createdAt) : null;
  if (!entry || !price) throw new AppError("model_not_found", `The model ${JSON.stringify(parsed.model)} does not exist or is not available`, { param: "model" });
  const candidates = preferChannel(await candidatesFor(ctx, spec), parsed);

  const promptTokens = parsed.promptTokens();
  // the local count is exact for OpenAI models and close for others: the hold adds a margin so an upstream that
  // counts a few more prompt tokens does not over-run it
  const heldPromptTokens = promptTokens + Math.ceil(promptTokens / 10) + 8;
  const modelMax = entry.maxOutputTokens;
  // n choices: up to n outputs, and a fan-out (choices-fan-out.ts) sends the prompt n times
  const choices = parsed.choices ?? 1;
  const maxOutputTokens = (parsed.images > 0 ? modelMax * parsed.images : modelMax > 0 ? Math.min(parsed.maxOutputTokens ?? modelMax, modelMax) : 0) * choices;
  const amount = worstCaseCost({
    price,
    promptTokens: heldPromptTokens * choices,
    maxOutputTokens,
    images: parsed.images,
    multiplierPpm: key.groupMultiplierPpm,
    // a "1h" value (a cache_control ttl; a key's needle cannot occur inside a JSON string) may be written at 2× input
    mayCacheForAnHour: raw.includes(HOUR_TTL),
  });
  // an upstream's report beyond these is not believed (final-usage.ts)
  // (a fan-out sends the prompt once per choice, so its summed input may reach n context windows)
  const bounds: UsageBounds = { maxInputTokens: entry.contextWindow * choices, maxOutputTokens };
  let hold: Hold;
  try {
    hold = await placeHold({
      walletId: key.walletId,
      amount,
      idempotencyKey: `req:${ctx.requestId}`,
      apiKey: { id: key.id, creditCap: key.creditCap },
      member: key.membershipId ? { membershipId: key.membershipId, monthlyAllowance: await memberAllowance(key.membershipId) } : undefined,
      // settled or voided exactly once below, and request ids are never reused
      isSingleUse: true,
    });
  } catch (error) {
    throw withHoldHint(error, { maxOutputTokens: parsed.images > 0 ? 0 : parsed.maxOutputTokens, modelMax });
  }

  let connected: Connected;
  try {
    connected = await connectForChoices({
      candidates,
      parsed,
      bridgeInput: {
        protocol: spec.protocol,
        body: parsed.body,
        raw,
        requestedModel: parsed.model,
        isStream: parsed.isStream,
        includeUsage: parsed.includeUsage,
        defaultMaxTokens: modelMax || 4096,
        promptTokens,
        onResponsesResult: parsed.onResponsesResult,
        scope: key.id,
      },
      header: req.header,
      onAttempt: (channel, attempts) => {
        ctx.channel = channel;
        ctx.attempts = attempts;
      },
      onFailure: (channel, attempt, error) => {
        (ctx.failures ??= []).push({ channelId: channel.id, status: error.status, errorCode: error.code, attempt });
      },
    });
  } catch (error) {
    track(voidHold(hold), "void hold");
    // the final attempt's failure is the request's own log row (its channel and status): not counted twice
    const last = ctx.failures?.at(-1);
    if (last && last.attempt === ctx.attempts && last.channelId === ctx.channel?.id) ctx.failures?.pop();
    throw error;
  }
  ctx.channel = connected.channel;
  ctx.attempts = connected.attempts;

  if (!parsed.isStream) {
    const reported = connected.adapter.parseUsage(connected.bridge.operation, connected.json);
    // a string body leaves with the headers in one write (a Buffer would be a second one)
    const body = connected.bridge.convertResponse ? JSON.stringify(connected.bridge.convertResponse(connected.json)) : (connected.text as string);
    sendJson({ res, status: 200, body, requestId: ctx.requestId });
    // (a chat client's request served through the Responses API stores nothing upstream: chat-to-responses-request.ts)
    if (spec.protocol === "responses") rememberNativeResponse({ parsed, key, channel: connected.channel, operation: connected.bridge.operation, json: connected.json });
    const ttftMs = Math.round(performance.now() - ctx.startedAt);
    const { usage, isEstimated, flag } = finalUsage({ reported, isComplete: true, promptTokens, countDelivered: () => estimateJsonOutput(connected.json), bounds });
    settle({ ctx, hold, price, key, usage, isEstimated, flag, status: 200, errorCode: null, ttftMs, images: usage.images ?? 0 });
    return;
  }

  // an OpenAI-compatible upstream may ignore stream_options: the usage chunk the client asked for is then the relay's count
  const missingUsage =
    spec.protocol === "chat" && parsed.includeUsage && connected.channel.type === "openai"
      ? (counter: OutputCounter) => {
          const { usage } = finalUsage({ reported: null, isComplete: true, promptTokens, countDelivered: () => counter.tokens(), bounds });
          const chunk = { id: randomId("chatcmpl-"), object: "chat.completion.chunk", created: nowSeconds(), model: parsed.model, choices: [], usage: toChatUsage(usage) };
          return formatSse({ data: JSON.stringify(chunk) });
        }
      : null;
  const result = await deliverStream({ res, connected, protocol: spec.protocol, requestId: ctx.requestId, missingUsage });
  if (result.end === "done" && spec.protocol === "responses") rememberNativeResponse({ parsed, key, channel: connected.channel, operation: connected.bridge.operation, reader: result.reader });
  const ttftMs = result.firstByteAt === null ? null : Math.round(result.firstByteAt - ctx.startedAt);
  const isComplete = result.end === "done" && result.reader.isComplete();
  // a stream the upstream ended properly but as a failure (response.failed) is an upstream error, billed by its report
  const end = result.end === "done" && result.hasUpstreamError ? "upstream_error" : result.end;
  // (hasOutput is checked last: it may have to read deferred events)
  if (end !== "done" && !result.counter.hasOutput()) {
    // nothing was produced (a partial report, such as Anthropic's input at the start, is not output): a failed
    // request costs nothing
    track(voidHold(hold), "void hold");
    logRow(ctx, { status: end === "client_gone" ? 499 : 502, errorCode: end, ttftMs });
    return;
  }
  const { usage, isEstimated, flag } = finalUsage({ reported: result.reader.usage(), isComplete, promptTokens, countDelivered: () => result.counter.tokens(), bounds });
  const status = end === "done" ? 200 : end === "client_gone" ? 499 : 502;
  settle({ ctx, hold, price, key, usage, isEstimated, flag, status, errorCode: end === "done" ? null : end, ttftMs, images: usage.images ?? 0 });
}

/** Output text of a JSON response that reported no usage, counted locally (a rough fallback, flagged estimated). */
function estimateJsonOutput(json: unknown): number {
  if (typeof json !== "object" || json === null) return 0;
  const body = json as Record<string, unknown>;
  const output = body.choices ?? body.content ?? body.candidates ?? body.output;
  return output === undefined ? 0 : countTextTokens(JSON.stringify(output));
}

function settle({
  ctx,
  hold,
  price,
  key,
  usage,
  isEstimated,
  flag,
  status,
  errorCode,
  ttftMs,
  images,
}: {
  ctx: Ctx;
  hold: Hold;
  price: Price;
  key: ApiKeyAuth;
  usage: Usage;
  isEstimated: boolean;
  flag?: UsageFlag;
  status: number;
  errorCode: string | null;
  ttftMs: number | null;
  images: number;
}): void {
  const priced = computeCost({ price, usage, multiplierPpm: key.groupMultiplierPpm });
  // never more than the worst case the hold reserved: the customer agreed to that, not to an upstream's say-so
  const cost = priced > hold.amount ? hold.amount : priced;
  const usageFlag = priced > hold.amount ? "clamped" : flag;
  if (usageFlag === "clamped" || usageFlag === "invalid") {
    // counts and ids only: never the upstream's raw report (it could echo anything)
    logger().warn(
      { requestId: ctx.requestId, channelId: ctx.channel?.id ?? null, usageFlag, inputTokens: totalInput(usage), outputTokens: totalOutput(usage), priced: priced.toString(), held: hold.amount.toString() },
      "upstream usage not believed",
    );
  }
  const ratio = ctx.channel?.costRatioPpm ?? 0;
  const upstreamCost = ratio > 0 ? computeCost({ price, usage, multiplierPpm: ratio }) : 0n;
  // background: the response has ended, nobody waits for the charge to be durable (it may ride in a fuller batch)
  const settled = settleHold(hold, { cost, requestId: ctx.requestId, memo: ctx.model, metadata: { model: ctx.model, channelId: ctx.channel?.id ?? null }, isBackground: true });
  // the log row says what the ledger holds: a settlement the ledger could not record charged nothing
  track(
    settled.then(
      () => logRow(ctx, { status, errorCode, ttftMs, usage, cost, upstreamCost, isEstimated, images, usageFlag }),
      (error: unknown) => {
        logRow(ctx, { status, errorCode: "settlement_failed", ttftMs, usage, cost: 0n, upstreamCost, isEstimated, images, usageFlag });
        throw error;
      },
    ),
    "settle hold",
  );
}

function logRow(
  ctx: Ctx,
  {
    status,
    errorCode,
    ttftMs = null,
    usage,
    cost = 0n,
    upstreamCost = 0n,
    isEstimated = false,
    images = 0,
    usageFlag,
  }: { status: number; errorCode: string | null; ttftMs?: number | null; usage?: Usage; cost?: bigint; upstreamCost?: bigint; isEstimated?: boolean; images?: number; usageFlag?: UsageFlag },
): void {
  const key = ctx.key;
  if (!key || !ctx.spec || ctx.isLogged) return;
  ctx.isLogged = true;
  // the access log: metadata only (never the key's secret, the prompt or the output); built only when it is written
  const log = logger();
  if (log.isLevelEnabled("info")) log.info(
    { requestId: ctx.requestId, keyId: key.id, endpoint: ctx.spec.logName, model: ctx.model.slice(0, 256), channelId: ctx.channel?.id ?? null, status, errorCode, latencyMs: Math.round(performance.now() - ctx.startedAt), cost: cost.toString() },
    "relay request",
  );
  recordRequest({
    requestId: ctx.requestId,
    createdAt: ctx.createdAt,
    userId: key.userId,
    orgId: key.orgId,
    membershipId: key.membershipId,
    apiKeyId: key.id,
    endpoint: ctx.spec.logName,
    model: ctx.model.slice(0, 256),
    channelId: ctx.channel?.id ?? null,
    attempts: ctx.attempts,
    isStream: ctx.isStream,
    status,
    errorCode,
    inputTokens: usage?.input.noCache ?? 0,
    cacheReadTokens: usage?.input.cacheRead ?? 0,
    cacheWriteTokens: usage?.input.cacheWrite ?? 0,
    outputTokens: usage?.output.text ?? 0,
    reasoningTokens: usage?.output.reasoning ?? 0,
    imageCount: images,
    cost,
    upstreamCost,
    latencyMs: Math.round(performance.now() - ctx.startedAt),
    ttftMs,
    usageEstimated: isEstimated,
    clientIp: ctx.ip || null,
    usageFlag: usageFlag ?? null,
    failedAttempts: ctx.failures,
  });
}

/**
 * count_tokens is free: answered by an Anthropic channel of the model when there is one (exact), else counted
 * locally with the o200k tokenizer (an estimate). Not billed and not logged.
 */
async function serveCountTokens({ ctx, req, res, parsed, raw }: { ctx: Ctx; req: RelayRequest; res: RelayResponse; parsed: ParsedRequest; raw: Buffer }): Promise<void> {
  ctx.isLogged = true;
  const table = await channelTable();
  const anthropic = (table.byModel.get(parsed.model) ?? []).filter((c) => c.type === "anthropic");
  if (anthropic.length > 0) {
    try {
      const connected = await connectUpstream({
        candidates: orderCandidates({ channels: anthropic }),
        parsed,
        bridgeInput: { protocol: "count_tokens", body: parsed.body, raw, requestedModel: parsed.model, isStream: false, includeUsage: false, defaultMaxTokens: 0 },
        header: req.header,
        onAttempt: () => undefined,
      });
      sendJson({ res, status: 200, body: connected.text as string, requestId: ctx.requestId });
      return;
    } catch (error) {
      const appError = toAppError(error);
      if (appError.status < 500) throw appError;
      // the upstream is down: a local count is better than no answer
    }
  } else if (!table.byModel.has(parsed.model) && !(await modelCatalog()).has(parsed.model)) {
    throw new AppError("model_not_found", `The model ${JSON.stringify(parsed.model)} does not exist or is not available`, { param: "model" });
  }
  sendJson({ res, status: 200, body: JSON.stringify({ input_tokens: parsed.promptTokens() }), requestId: ctx.requestId });
}
