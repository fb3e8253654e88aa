/**
 * Which addresses an upstream may not resolve to (unless ALLOW_LOCAL_UPSTREAMS): loopback, private, link-local,
 * unique-local, CGNAT and unspecified ranges. Guards the relay against being pointed at the operator's own network.
 */
import net from "node:net";
import { normalizeIp } from "../net/cidr";

const BLOCKED = (() => {
  const list = new net.BlockList();
  for (const [address, prefix] of [
    ["0.0.0.0", 8],
    ["10.0.0.0", 8],
    ["100.64.0.0", 10],
    ["127.0.0.0", 8],
    ["169.254.0.0", 16],
    ["172.16.0.0", 12],
    ["192.168.0.0", 16],
    ["224.0.0.0", 4],
    ["240.0.0.0", 4],
  ] as const) {
    list.addSubnet(address, prefix, "ipv4");
  }
  for (const [address, prefix] of [
    ["::", 128],
    ["::1", 128],
    ["fc00::", 7],
    ["fe80::", 10],
    ["ff00::", 8],
  ] as const) {
    list.addSubnet(address, prefix, "ipv6");
  }
  return list;
})();

export function isPrivateAddress(ip: string): boolean {
  const address = normalizeIp(ip);
  const version = net.isIP(address);
  if (version === 0) return false;
  return BLOCKED.check(address, version === 4 ? "ipv4" : "ipv6");
}

/** Host names that always mean this machine or its network. */
export function isLocalHostName(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, "");
  return name === "localhost" || name.endsWith(".localhost") || name.endsWith(".local") || name.endsWith(".internal");
}
