/**
 * An operator's "Test" of a channel: one real, small, non-streaming request to the upstream through the channel's
 * own adapter, secret and model mapping, timed from send to the whole answer. The result says what came back (a
 * short reply, token usage) or why it failed — with the channel's secrets scrubbed from anything the upstream said,
 * since some providers echo a key in their error messages. A test never touches live health or billing.
 */
import "server-only";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import type { Usage } from "../billing/usage";
import { channelTable } from "../channels/channel-table";
import type { Channel } from "../channels/types";
import { AppError } from "../errors";
import { logger } from "../log";
import { PROVIDERS } from "./providers/registry";
import { isRecord, type Operation } from "./providers/types";
import { callUpstream, readUpstreamBody, UpstreamFailure } from "./upstream/call-upstream";

/** The test asks for a one-word answer; a handful of output tokens is all it may cost. */
const TEST_PROMPT = "Reply with the single word: pong";
const TEST_MAX_TOKENS = 16;
/** A test that takes longer than this is reported as a timeout, whatever the channel's own timeout. */
const TEST_TIMEOUT_CAP_MS = 30_000;

export type ChannelTestResult = {
  channelId: string;
  /** the public model id tested, and the upstream name it was sent as */
  model: string;
  upstreamModel: string;
  secretHint: string | null;
  isOk: boolean;
  /** the upstream's HTTP status, or null when no answer arrived (timeout, connection refused) */
  status: number | null;
  latencyMs: number;
  /** the beginning of the model's answer */
  reply: string | null;
  usage: Usage | null;
  /** why it failed, secrets removed */
  error: string | null;
  testedAt: Date;
};

const OPERATIONS: Record<Channel["type"], Operation> = { openai: "chat", anthropic: "messages", gemini: "generate" };

function testBody(type: Channel["type"], upstreamModel: string): string {
  const messages = [{ role: "user", content: TEST_PROMPT }];
  if (type === "gemini") return JSON.stringify({ contents: [{ role: "user", parts: [{ text: TEST_PROMPT }] }], generationConfig: { maxOutputTokens: TEST_MAX_TOKENS } });
  if (type === "anthropic") return JSON.stringify({ model: upstreamModel, max_tokens: TEST_MAX_TOKENS, messages });
  return JSON.stringify({ model: upstreamModel, max_tokens: TEST_MAX_TOKENS, messages, stream: false });
}

/** The text of a non-streaming answer in any of the three protocols. */
export function replyText(type: Channel["type"], json: unknown): string | null {
  if (!isRecord(json)) return null;
  let text: unknown = null;
  if (type === "openai" && Array.isArray(json.choices) && isRecord(json.choices[0]) && isRecord(json.choices[0].message)) text = json.choices[0].message.content;
  if (type === "anthropic" && Array.isArray(json.content)) text = json.content.map((block) => (isRecord(block) && typeof block.text === "string" ? block.text : "")).join("");
  if (type === "gemini" && Array.isArray(json.candidates) && isRecord(json.candidates[0]) && isRecord(json.candidates[0].content)) {
    const parts = json.candidates[0].content.parts;
    text = Array.isArray(parts) ? parts.map((part) => (isRecord(part) && typeof part.text === "string" ? part.text : "")).join("") : null;
  }
  return typeof text === "string" ? text.trim().slice(0, 200) : null;
}

/** Shorter runs are common words ("upstream") more often than key material. */
const MIN_FRAGMENT = 10;

/** Remove every secret of the channel (and long fragments of them) from a message that came from outside. */
export function scrubSecrets(message: string, secrets: string[], { isWholeOnly = false }: { isWholeOnly?: boolean } = {}): string {
  let scrubbed = message;
  for (const secret of secrets) {
    if (!secret) continue;
    scrubbed = scrubbed.split(secret).join("[secret]");
    if (isWholeOnly) continue;
    // providers often echo part of a key ("sk-proj-abc…wxyz"): drop any 10+ character run of the secret as well
    for (let size = Math.min(secret.length - 1, 24); size >= MIN_FRAGMENT; size--) {
      for (let start = 0; start + size <= secret.length; start++) {
        const fragment = secret.slice(start, start + size);
        if (scrubbed.includes(fragment)) scrubbed = scrubbed.split(fragment).join("[secret]");
      }
    }
  }
  return scrubbed;
}

export async function testChannel({
  channelId,
  model,
  secretIndex = 0,
  actor,
}: {
  channelId: string;
  /** a model the channel serves (default: its first) */
  model?: string;
  secretIndex?: number;
  actor: AuditActor;
}): Promise<ChannelTestResult> {
  const channel = (await channelTable()).byId.get(channelId);
  if (!channel) throw new AppError("not_found", "No such channel");
  const testedModel = model ?? channel.models[0];
  if (!testedModel || !channel.models.includes(testedModel)) throw new AppError("bad_request", "The channel does not serve this model", { param: "model" });
  const secret = channel.secrets[secretIndex];
  if (secret === undefined) throw new AppError("bad_request", "The channel has no usable secret (none saved, or it cannot be decrypted)", { param: "secretIndex" });
  const upstreamModel = channel.modelMapping[testedModel] ?? testedModel;
  const adapter = PROVIDERS[channel.type];
  const operation = OPERATIONS[channel.type];
  const request = adapter.buildRequest({ baseUrl: channel.baseUrl, secret, operation, model: upstreamModel, body: testBody(channel.type, upstreamModel), isStream: false, passHeaders: {} });
  const timeoutMs = Math.min(channel.timeoutMs, TEST_TIMEOUT_CAP_MS);

  const started = performance.now();
  const base = { channelId, model: testedModel, upstreamModel, secretHint: channel.secretHints[secretIndex] ?? null, testedAt: new Date() };
  let result: ChannelTestResult;
  try {
    const response = await callUpstream({ request, timeoutMs });
    const body = (await readUpstreamBody({ body: response.body, timeoutMs, maxBytes: 1024 * 1024 })).toString("utf8");
    const latencyMs = Math.round(performance.now() - started);
    if (response.status >= 200 && response.status < 300) {
      let json: unknown = null;
      try {
        json = JSON.parse(body);
      } catch {
        json = null;
      }
      const reply = replyText(channel.type, json);
      const usage = adapter.parseUsage(operation, json);
      const isOk = json !== null;
      result = { ...base, isOk, status: response.status, latencyMs, reply: reply === null ? null : scrubSecrets(reply, channel.secrets, { isWholeOnly: true }), usage, error: isOk ? null : "The upstream answered with something that is not JSON" };
    } else {
      const { message } = adapter.parseError({ status: response.status, body });
      result = { ...base, isOk: false, status: response.status, latencyMs, reply: null, usage: null, error: scrubSecrets(message, channel.secrets).slice(0, 500) };
    }
  } catch (error) {
    const latencyMs = Math.round(performance.now() - started);
    const message = error instanceof UpstreamFailure ? error.message : "The request could not be sent";
    result = { ...base, isOk: false, status: null, latencyMs, reply: null, usage: null, error: scrubSecrets(message, channel.secrets) };
  }
  logger().info({ channel: channel.name, model: testedModel, isOk: result.isOk, status: result.status, latencyMs: result.latencyMs, error: result.error }, "channel tested");
  await recordAudit({
    actor,
    action: "channel.test",
    targetType: "channel",
    targetId: channelId,
    details: { name: channel.name, model: testedModel, isOk: result.isOk, status: result.status, latencyMs: result.latencyMs, error: result.error },
  });
  return result;
}
