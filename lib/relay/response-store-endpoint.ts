/**
 * GET and DELETE /v1/responses/{id}. A converted response is answered from the store (its Responses object, or
 * its deletion); a native one is forwarded to the channel that produced it, with that channel's secret, and the
 * upstream's answer is relayed as it is. An id this key's owner does not have is a 404 in OpenAI's shape.
 */
import { channelTable } from "../channels/channel-table";
import { AppError } from "../errors";
import type { ApiKeyAuth } from "../keys/types";
import type { RelayRequest, RelayResponse } from "./exchange";
import { PROVIDERS } from "./providers/registry";
import { scrubMessage, sendJson } from "./respond";
import { deleteStoredResponse, findStoredResponse, ownerOf, type StoredResponse } from "./response-store";
import { pickSecret } from "./routing/select-secret";
import { callUpstream, readUpstreamBody } from "./upstream/call-upstream";

const PREFIX = "/v1/responses/";

export function isStoredResponsePath(path: string): boolean {
  return path.startsWith(PREFIX) && path.length > PREFIX.length && !path.includes("/", PREFIX.length);
}

function responseNotFound(id: string): AppError {
  return new AppError("not_found", `Response with id '${id.slice(0, 100)}' not found.`);
}

async function forwardToChannel({ stored, owner, method, res, requestId }: { stored: StoredResponse; owner: string; method: "GET" | "DELETE"; res: RelayResponse; requestId: string }): Promise<void> {
  const channel = stored.channelId ? (await channelTable()).byId.get(stored.channelId) : undefined;
  if (!channel || channel.type !== "openai") throw new AppError("no_channel", "The channel that holds this response is no longer available");
  const secretIndex = pickSecret(channel, Date.now(), new Set()) ?? 0;
  const built = PROVIDERS.openai.buildRequest({ baseUrl: channel.baseUrl, secret: channel.secrets[secretIndex], operation: "responses", model: "", body: "", isStream: false, passHeaders: {} });
  const response = await callUpstream({ request: { ...built, url: `${built.url}/${encodeURIComponent(stored.id)}`, method }, timeoutMs: channel.timeoutMs });
  const text = (await readUpstreamBody({ body: response.body, timeoutMs: channel.timeoutMs })).toString("utf8");
  if (response.status >= 400) {
    const message = scrubMessage(PROVIDERS.openai.parseError({ status: response.status, body: text }).message, channel.secrets);
    throw response.status === 404 ? responseNotFound(stored.id) : new AppError("upstream_error", message, { status: response.status >= 500 ? 502 : response.status });
  }
  if (method === "DELETE") await deleteStoredResponse({ id: stored.id, owner });
  sendJson({ res, status: 200, body: text, requestId });
}

export async function serveStoredResponse({ req, res, key, requestId }: { req: RelayRequest; res: RelayResponse; key: ApiKeyAuth; requestId: string }): Promise<void> {
  const method = req.method;
  if (method !== "GET" && method !== "DELETE") throw new AppError("bad_request", `Use GET or DELETE for ${PREFIX}{id}`, { status: 405, headers: { allow: "GET, DELETE" } });
  let id: string;
  try {
    id = decodeURIComponent(req.path.slice(PREFIX.length));
  } catch {
    throw new AppError("bad_request", "The response id is not valid");
  }
  const owner = ownerOf(key);
  const stored = await findStoredResponse({ id, owner });
  if (!stored) throw responseNotFound(id);
  if (!stored.conversation) {
    await forwardToChannel({ stored, owner, method, res, requestId });
    return;
  }
  if (method === "GET") {
    sendJson({ res, status: 200, body: JSON.stringify(stored.conversation.response), requestId });
    return;
  }
  await deleteStoredResponse({ id, owner });
  sendJson({ res, status: 200, body: JSON.stringify({ id, object: "response", deleted: true }), requestId });
}
