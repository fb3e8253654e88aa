/**
 * Which addresses an upstream may not resolve to (unless ALLOW_LOCAL_UPSTREAMS): loopback, private, link-local,
 * unique-local, CGNAT, benchmarking, multicast and unspecified ranges — and IPv6 addresses that carry one of those
 * IPv4 addresses inside (IPv4-mapped ::ffff:127.0.0.1, IPv4-compatible ::10.0.0.1, NAT64 64:ff9b::a00:1, 6to4
 * 2002:a00:1::). Guards the relay against being pointed at the operator's own network or a cloud metadata service.
 */
import net from "node:net";
import { normalizeIp } from "../net/cidr";

const BLOCKED_IPV4: readonly (readonly [string, number])[] = [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
];

const BLOCKED_IPV6: readonly (readonly [string, number])[] = [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
];

const BLOCKED = (() => {
  const list = new net.BlockList();
  for (const [address, prefix] of BLOCKED_IPV4) list.addSubnet(address, prefix, "ipv4");
  for (const [address, prefix] of BLOCKED_IPV6) list.addSubnet(address, prefix, "ipv6");
  return list;
})();

/** IPv6 prefixes whose last (or, for 6to4, second and third) 32 bits are an IPv4 address the packet ends up at. */
const EMBEDS_IPV4: readonly { prefix: string; bits: number; groups: readonly [number, number] }[] = [
  { prefix: "::", bits: 96, groups: [6, 7] }, // IPv4-compatible (deprecated, still routed by some stacks)
  { prefix: "::ffff:0:0", bits: 96, groups: [6, 7] }, // IPv4-mapped
  { prefix: "::ffff:0:0:0", bits: 96, groups: [6, 7] }, // IPv4-translated (SIIT)
  { prefix: "64:ff9b::", bits: 96, groups: [6, 7] }, // NAT64, well-known prefix
  { prefix: "64:ff9b:1::", bits: 48, groups: [6, 7] }, // NAT64, local-use prefix
  { prefix: "2002::", bits: 16, groups: [1, 2] }, // 6to4
];

const EMBEDDING = EMBEDS_IPV4.map(({ prefix, bits, groups }) => {
  const list = new net.BlockList();
  list.addSubnet(prefix, bits, "ipv6");
  return { list, groups };
});

/** The eight 16-bit groups of an IPv6 address without a zone (expanding "::" and a trailing dotted IPv4 part). */
function ipv6Groups(address: string): number[] {
  let text = address;
  const dotted = text.match(/(\d+\.\d+\.\d+\.\d+)$/);
  if (dotted) {
    const [a, b, c, d] = dotted[1].split(".").map(Number);
    text = `${text.slice(0, -dotted[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes("::") ? text.split("::") : [text, undefined];
  const parse = (part: string | undefined) => (part ? part.split(":").map((group) => parseInt(group, 16)) : []);
  const start = parse(head);
  const end = parse(tail);
  return [...start, ...new Array<number>(8 - start.length - end.length).fill(0), ...end];
}

/** The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, 6to4), if any. */
function embeddedIpv4(address: string): string | undefined {
  for (const { list, groups } of EMBEDDING) {
    if (!list.check(address, "ipv6")) continue;
    const all = ipv6Groups(address);
    const high = all[groups[0]];
    const low = all[groups[1]];
    return [high >> 8, high & 0xff, low >> 8, low & 0xff].join(".");
  }
  return undefined;
}

export function isPrivateAddress(ip: string): boolean {
  const address = normalizeIp(ip).split("%")[0];
  const version = net.isIP(address);
  if (version === 0) return false;
  if (version === 4) return BLOCKED.check(address, "ipv4");
  if (BLOCKED.check(address, "ipv6")) return true;
  const carried = embeddedIpv4(address);
  return carried !== undefined && BLOCKED.check(carried, "ipv4");
}

/** Host names that always mean this machine or its network. */
export function isLocalHostName(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, "");
  return name === "localhost" || name.endsWith(".localhost") || name.endsWith(".local") || name.endsWith(".internal");
}
