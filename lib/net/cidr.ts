/**
 * IP allow-lists in CIDR notation ("203.0.113.0/24", "2001:db8::/32", or a bare address).
 */
import net from "node:net";

export type Cidr = { address: string; prefix: number; family: "ipv4" | "ipv6" };

/** Parse one CIDR; undefined when it is not a valid IPv4/IPv6 address or prefix. */
export function parseCidr(text: string): Cidr | undefined {
  const [address, prefixText, extra] = text.trim().split("/");
  if (extra !== undefined || !address) return undefined;
  const version = net.isIP(address);
  if (version === 0) return undefined;
  const max = version === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (prefix < 0 || prefix > max) return undefined;
  return { address, prefix, family: version === 4 ? "ipv4" : "ipv6" };
}

/** Normalise an IPv4-mapped IPv6 address (::ffff:1.2.3.4) to plain IPv4. */
export function normalizeIp(ip: string): string {
  return ip.startsWith("::ffff:") && net.isIPv4(ip.slice(7)) ? ip.slice(7) : ip;
}

/** A matcher for a list of CIDRs (built once per key and cached by the caller). */
export function cidrMatcher(cidrs: string[]): (ip: string) => boolean {
  const list = new net.BlockList();
  for (const text of cidrs) {
    const cidr = parseCidr(text);
    if (cidr) list.addSubnet(cidr.address, cidr.prefix, cidr.family);
  }
  return (ip: string) => {
    const normalized = normalizeIp(ip);
    const version = net.isIP(normalized);
    if (version === 0) return false;
    return list.check(normalized, version === 4 ? "ipv4" : "ipv6");
  };
}
