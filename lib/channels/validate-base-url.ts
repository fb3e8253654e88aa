/**
 * A channel's base URL: http(s), no credentials or query, and not on a local or private network unless the
 * operator allows it (ALLOW_LOCAL_UPSTREAMS). Names are checked again at connect time (lib/relay/upstream/agent.ts),
 * so a public name that resolves to a private address is refused too.
 */
import net from "node:net";
import { AppError } from "../errors";
import { isLocalHostName, isPrivateAddress } from "./private-address";

export function normalizeBaseUrl({ baseUrl, allowLocal }: { baseUrl: string; allowLocal: boolean }): string {
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    throw new AppError("bad_request", "The base URL is not a valid URL", { param: "baseUrl" });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new AppError("bad_request", "The base URL must start with http:// or https://", { param: "baseUrl" });
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new AppError("bad_request", "The base URL cannot carry credentials, a query or a fragment", { param: "baseUrl" });
  }
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const isLocal = net.isIP(host) ? isPrivateAddress(host) : isLocalHostName(host);
  if (isLocal && !allowLocal) {
    throw new AppError("bad_request", "The base URL points at a local or private network (set ALLOW_LOCAL_UPSTREAMS=1 to allow it)", {
      param: "baseUrl",
    });
  }
  return url.toString().replace(/\/+$/, "");
}
