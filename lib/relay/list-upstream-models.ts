/**
 * The models an upstream account offers, read from its own list endpoint, for the operator's channel form ("Fetch
 * from upstream"): OpenAI-compatible `GET {base}/models`; Anthropic `GET {base}/v1/models` (pages of up to 1,000,
 * followed by `after_id`); Gemini `GET {base}/v1beta/models` (pages of up to 1,000, followed by `pageToken`; only
 * models that generate, embed or predict, named without their `models/` prefix). It goes out like the relay's own
 * calls (the connect-time private-address check, no redirects) with a key typed into a new channel's form or an
 * existing channel's saved one; ids a channel could not list (not a model id) are left out. The upstream's errors
 * reach the operator with the key scrubbed; nothing is stored or audited.
 */
import "server-only";
import { channelTable } from "../channels/channel-table";
import type { ChannelType } from "../channels/types";
import { normalizeBaseUrl } from "../channels/validate-base-url";
import { env } from "../env";
import { AppError } from "../errors";
import { MODEL_ID } from "../keys/model-id";
import { logger } from "../log";
import { ANTHROPIC_VERSION } from "./providers/anthropic/adapter";
import { PROVIDERS } from "./providers/registry";
import { isRecord } from "./providers/types";
import { scrubSecrets } from "./test-channel";
import { callUpstream, readUpstreamBody, UpstreamFailure } from "./upstream/call-upstream";

const TIMEOUT_MS = 15_000;
const MAX_PAGES = 10;
const PAGE_SIZE = 1_000;
/** more than any provider lists; a list beyond it is cut, not refused */
const MAX_IDS = 5_000;
/** Gemini's generation methods a channel can serve (chat, embeddings, Imagen) */
const GEMINI_METHODS = new Set(["generateContent", "embedContent", "predict"]);

export type UpstreamModelSource = { channelId: string } | { type: ChannelType; baseUrl: string; secret: string };

type Page = { ids: string[]; next: string | null };

function pageUrl(type: ChannelType, baseUrl: string, cursor: string | null): string {
  if (type === "openai") return `${baseUrl}/models`;
  if (type === "anthropic") return `${baseUrl}/v1/models?limit=${PAGE_SIZE}${cursor ? `&after_id=${encodeURIComponent(cursor)}` : ""}`;
  return `${baseUrl}/v1beta/models?pageSize=${PAGE_SIZE}${cursor ? `&pageToken=${encodeURIComponent(cursor)}` : ""}`;
}

function headers(type: ChannelType, secret: string): Record<string, string> {
  if (type === "openai") return { authorization: `Bearer ${secret}`, accept: "application/json" };
  if (type === "anthropic") return { "x-api-key": secret, "anthropic-version": ANTHROPIC_VERSION, accept: "application/json" };
  return { "x-goog-api-key": secret, accept: "application/json" };
}

/** One page of the list in the type's shape, or null when the answer is not that shape. */
function readModelPage(type: ChannelType, json: unknown): Page | null {
  if (!isRecord(json)) return null;
  if (type === "gemini") {
    if (json.models !== undefined && !Array.isArray(json.models)) return null;
    const models = (json.models ?? []) as unknown[];
    const ids = models.flatMap((model) => {
      if (!isRecord(model) || typeof model.name !== "string") return [];
      const methods = Array.isArray(model.supportedGenerationMethods) ? model.supportedGenerationMethods : [];
      return methods.some((method) => GEMINI_METHODS.has(String(method))) ? [model.name.replace(/^models\//, "")] : [];
    });
    return { ids, next: typeof json.nextPageToken === "string" && json.nextPageToken ? json.nextPageToken : null };
  }
  if (!Array.isArray(json.data)) return null;
  const ids = json.data.flatMap((model) => (isRecord(model) && typeof model.id === "string" ? [model.id] : []));
  const next = type === "anthropic" && json.has_more === true && typeof json.last_id === "string" ? json.last_id : null;
  return { ids, next };
}

async function resolveSource(source: UpstreamModelSource): Promise<{ type: ChannelType; baseUrl: string; secret: string; secrets: string[] }> {
  if ("channelId" in source) {
    const channel = (await channelTable()).byId.get(source.channelId);
    if (!channel) throw new AppError("not_found", "No such channel");
    const secret = channel.secrets[0];
    if (secret === undefined) throw new AppError("bad_request", "The channel has no usable secret (none saved, or it cannot be decrypted)", { param: "secrets" });
    return { type: channel.type, baseUrl: channel.baseUrl, secret, secrets: channel.secrets };
  }
  const baseUrl = normalizeBaseUrl({ baseUrl: source.baseUrl, allowLocal: env().ALLOW_LOCAL_UPSTREAMS });
  return { type: source.type, baseUrl, secret: source.secret, secrets: [source.secret] };
}

/** The upstream's model ids, sorted, without duplicates. */
export async function listUpstreamModels(source: UpstreamModelSource): Promise<string[]> {
  const { type, baseUrl, secret, secrets } = await resolveSource(source);
  const ids = new Set<string>();
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    let status: number;
    let body: string;
    try {
      const response = await callUpstream({ request: { url: pageUrl(type, baseUrl, cursor), headers: headers(type, secret), body: "", method: "GET" }, timeoutMs: TIMEOUT_MS });
      status = response.status;
      body = (await readUpstreamBody({ body: response.body, timeoutMs: TIMEOUT_MS, maxBytes: 8 * 1024 * 1024 })).toString("utf8");
    } catch (error) {
      const message = error instanceof UpstreamFailure ? error.message : "The request could not be sent";
      throw new AppError("upstream_error", `The upstream's model list could not be read: ${scrubSecrets(message, secrets)}`);
    }
    if (status < 200 || status >= 300) {
      const { message } = PROVIDERS[type].parseError({ status, body });
      throw new AppError("upstream_error", `The upstream answered ${status} to its model list: ${scrubSecrets(message, secrets).slice(0, 300)}`);
    }
    let json: unknown = null;
    try {
      json = JSON.parse(body);
    } catch {
      json = null;
    }
    const read = readModelPage(type, json);
    if (!read) throw new AppError("upstream_error", `The upstream's answer is not a ${type === "gemini" ? "Gemini" : type === "anthropic" ? "Anthropic" : "OpenAI"} model list`);
    for (const id of read.ids) if (MODEL_ID.test(id) && ids.size < MAX_IDS) ids.add(id);
    if (!read.next || read.next === cursor) break;
    cursor = read.next;
  }
  const list = [...ids].sort();
  logger().info({ type, host: new URL(baseUrl).host, models: list.length }, "upstream models listed");
  return list;
}
