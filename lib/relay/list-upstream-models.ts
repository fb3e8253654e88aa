/**
 * The models an upstream account offers, read from its own list endpoint, for the operator's channel form ("Fetch
 * from upstream") and `channel:models`: each provider adapter's `listModels` says how to ask for a page and read it
 * (OpenAI-compatible `GET {base}/models`; Anthropic `GET {base}/v1/models` paged by `after_id`; Gemini
 * `GET {base}/v1beta/models` paged by `pageToken`, only models that generate, embed or predict); this follows the
 * pages. It goes out like the relay's own
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
import { PROVIDERS } from "./providers/registry";
import { scrubSecrets } from "./test-channel";
import { callUpstream, readUpstreamBody, UpstreamFailure } from "./upstream/call-upstream";

const TIMEOUT_MS = 15_000;
const MAX_PAGES = 10;
/** more than any provider lists; a list beyond it is cut, not refused */
const MAX_IDS = 5_000;
const PROTOCOL_NAMES: Record<ChannelType, string> = { openai: "OpenAI", anthropic: "Anthropic", gemini: "Gemini" };

export type UpstreamModelSource = { channelId: string } | { type: ChannelType; baseUrl: string; secret: string };

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
  const adapter = PROVIDERS[type];
  const ids = new Set<string>();
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    let status: number;
    let body: string;
    try {
      const response = await callUpstream({ request: adapter.listModels.request({ baseUrl, secret, cursor }), timeoutMs: TIMEOUT_MS });
      status = response.status;
      body = (await readUpstreamBody({ body: response.body, timeoutMs: TIMEOUT_MS, maxBytes: 8 * 1024 * 1024 })).toString("utf8");
    } catch (error) {
      const message = error instanceof UpstreamFailure ? error.message : "The request could not be sent";
      throw new AppError("upstream_error", `The upstream's model list could not be read: ${scrubSecrets(message, secrets)}`);
    }
    if (status < 200 || status >= 300) {
      const { message } = adapter.parseError({ status, body });
      throw new AppError("upstream_error", `The upstream answered ${status} to its model list: ${scrubSecrets(message, secrets).slice(0, 300)}`);
    }
    const read = adapter.listModels.readPage(parseOrNull(body));
    if (!read) throw new AppError("upstream_error", `The upstream's answer is not a model list in ${PROTOCOL_NAMES[type]}'s shape`);
    for (const id of read.ids) if (MODEL_ID.test(id) && ids.size < MAX_IDS) ids.add(id);
    if (!read.next || read.next === cursor) break;
    cursor = read.next;
  }
  const list = [...ids].sort();
  logger().info({ type, host: new URL(baseUrl).host, models: list.length }, "upstream models listed");
  return list;
}

function parseOrNull(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
