/**
 * The client's IP address behind zero or more trusted reverse proxies (TRUSTED_PROXIES, comma-separated CIDRs).
 * server.ts rewrites X-Forwarded-For before Next sees a request (`normalizeForwardedFor`), so a client cannot
 * spoof it; route handlers then read it with `clientIpFromHeaders`.
 */
import { env } from "../env";
import { singleton } from "../singleton";
import { cidrMatcher, normalizeIp } from "./cidr";

function isTrustedProxy(ip: string): boolean {
  const spec = env().TRUSTED_PROXIES;
  const matcher = singleton(`net.trustedProxies.${spec}`, () =>
    cidrMatcher(
      spec
        .split(",")
        .map((part) => part.trim())
        .filter(Boolean),
    ),
  );
  return matcher(ip);
}

function splitChain(value: string | string[] | null | undefined): string[] {
  const text = Array.isArray(value) ? value.join(",") : (value ?? "");
  return text
    .split(",")
    .map((part) => normalizeIp(part.trim()))
    .filter(Boolean);
}

/** The X-Forwarded-For to hand on: the peer's chain is kept only when the peer itself is a trusted proxy. */
export function normalizeForwardedFor({ header, peer }: { header: string | string[] | undefined; peer: string | undefined }): string | undefined {
  if (!peer) return undefined;
  const address = normalizeIp(peer);
  if (!isTrustedProxy(address)) return address;
  return [...splitChain(header), address].join(", ");
}

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function read(headers: HeaderSource, name: string): string | string[] | undefined {
  return headers instanceof Headers ? (headers.get(name) ?? undefined) : headers[name];
}

/** The first address from the right that is not a trusted proxy; null when unknown. */
export function clientIpFromHeaders(headers: HeaderSource): string | null {
  const chain = splitChain(read(headers, "x-forwarded-for"));
  for (let i = chain.length - 1; i >= 0; i--) {
    if (!isTrustedProxy(chain[i])) return chain[i];
  }
  return chain[0] ?? null;
}
