/**
 * Who is calling and may they: the key from `Authorization: Bearer sk-…` or `x-api-key: sk-…` (cached lookup),
 * then the key's own rules — enabled, owner not disabled, not expired, client IP in its allow-list — and, once the
 * body names a model, the model allow-list (exact match: no case, whitespace or prefix games).
 */
import { AppError } from "../errors";
import { verifyApiKey } from "../keys/verify-api-key";
import type { ApiKeyAuth } from "../keys/types";
import { cidrMatcher } from "../net/cidr";
import { singleton } from "../singleton";
import type { RelayRequest } from "./exchange";

export function presentedKey(req: RelayRequest): string | undefined {
  const authorization = req.header("authorization");
  if (authorization) {
    const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    if (match) return match[1].trim();
  }
  const apiKey = req.header("x-api-key");
  return apiKey ? apiKey.trim() : undefined;
}

export async function authenticate(req: RelayRequest): Promise<ApiKeyAuth> {
  const secret = presentedKey(req);
  if (!secret) throw new AppError("unauthenticated", "Missing API key: send it as `Authorization: Bearer sk-…` or `x-api-key: sk-…`");
  const key = await verifyApiKey(secret);
  if (!key) throw new AppError("invalid_api_key", "Invalid API key");
  return key;
}

const matchers = () => singleton("relay.ip-matchers", () => new Map<string, { list: string[]; match: (ip: string) => boolean }>());

function ipAllowed(key: ApiKeyAuth, ip: string): boolean {
  if (key.allowedIps.length === 0) return true;
  let entry = matchers().get(key.id);
  if (!entry || entry.list !== key.allowedIps) {
    entry = { list: key.allowedIps, match: cidrMatcher(key.allowedIps) };
    if (matchers().size > 50_000) matchers().clear();
    matchers().set(key.id, entry);
  }
  return entry.match(ip);
}

export function authorizeKey({ key, ip, now = Date.now() }: { key: ApiKeyAuth; ip: string; now?: number }): void {
  if (!key.isEnabled) throw new AppError("invalid_api_key", "This API key is disabled");
  if (key.isUserDisabled) throw new AppError("account_disabled", "The account that owns this API key is disabled");
  if (key.expiresAt && key.expiresAt.getTime() <= now) throw new AppError("key_expired", "This API key has expired");
  if (!ipAllowed(key, ip)) throw new AppError("ip_not_allowed", `Requests from ${ip} are not allowed for this API key (IP allow-list)`);
}

export function authorizeModel({ key, model }: { key: ApiKeyAuth; model: string }): void {
  if (key.allowedModels.length > 0 && !key.allowedModels.includes(model)) {
    throw new AppError("model_not_allowed", `This API key may not use the model ${JSON.stringify(model)} (model allow-list)`, { param: "model" });
  }
}
