/**
 * The client's address: the peer's, unless the peer is a trusted proxy (TRUSTED_PROXIES, CIDRs), in which case
 * X-Forwarded-For is walked from the right past trusted proxies. An untrusted peer's X-Forwarded-For is ignored, so
 * a client cannot pick its own address to pass an IP allow-list.
 */
import net from "node:net";
import { env } from "../env";
import { cidrMatcher, normalizeIp } from "../net/cidr";
import { singleton } from "../singleton";

const trusted = () => singleton("relay.trusted-proxies", () => {
  const list = env().TRUSTED_PROXIES.split(",").map((s) => s.trim()).filter(Boolean);
  return list.length ? cidrMatcher(list) : null;
});

export function clientIp({ peerAddress, forwardedFor, isTrusted = trusted() }: { peerAddress: string; forwardedFor: string | undefined; isTrusted?: ((ip: string) => boolean) | null }): string {
  const peer = normalizeIp(peerAddress);
  if (!isTrusted || !forwardedFor || !isTrusted(peer)) return peer;
  const hops = forwardedFor.split(",").map((s) => normalizeIp(s.trim())).filter((s) => net.isIP(s) !== 0);
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!isTrusted(hops[i])) return hops[i];
  }
  return hops[0] ?? peer;
}
