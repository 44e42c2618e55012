import { isIP } from "node:net";

/** Host names that always mean "this machine" or a cloud metadata service. */
const BLOCKED_HOSTNAMES = [
  /^localhost\.?$/i,
  /\.localhost\.?$/i,
  /^metadata\.google\.internal\.?$/i,
  /^metadata\.?$/i,
  /\.internal\.?$/i,
  /\.local\.?$/i,
];

/** IPv4 ranges a fetch must never reach: loopback, private, link-local (cloud metadata), CGNAT, reserved, multicast. */
const BLOCKED_V4: readonly [string, number, string][] = [
  ["0.0.0.0", 8, "unspecified"],
  ["10.0.0.0", 8, "private"],
  ["100.64.0.0", 10, "shared (CGNAT)"],
  ["127.0.0.0", 8, "loopback"],
  ["169.254.0.0", 16, "link-local / metadata"],
  ["172.16.0.0", 12, "private"],
  ["192.0.0.0", 24, "IETF reserved"],
  ["192.0.2.0", 24, "documentation"],
  ["192.168.0.0", 16, "private"],
  ["198.18.0.0", 15, "benchmarking"],
  ["198.51.100.0", 24, "documentation"],
  ["203.0.113.0", 24, "documentation"],
  ["224.0.0.0", 4, "multicast"],
  ["240.0.0.0", 4, "reserved"],
];

function v4ToInt(address: string): number {
  return address.split(".").reduce((acc, part) => acc * 256 + Number(part), 0);
}

function blockedV4(address: string): string | undefined {
  const value = v4ToInt(address);
  for (const [base, bits, reason] of BLOCKED_V4) {
    const size = 2 ** (32 - bits);
    const start = v4ToInt(base);
    if (value >= start && value < start + size) return reason;
  }
  return undefined;
}

/** Parses an IPv6 address (with `::` and an embedded dotted quad) into eight 16-bit groups. */
export function ipv6Groups(address: string): number[] | undefined {
  let text = address
    .toLowerCase()
    .replace(/^\[|\]$/g, "")
    .replace(/%.*$/, "");
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const v4 = v4ToInt(dotted[1]!);
    text = `${text.slice(0, dotted.index)}${((v4 >>> 16) & 0xffff).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const parse = (part: string) =>
    part === "" ? [] : part.split(":").map((g) => Number.parseInt(g, 16));
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 0) return undefined;
  const groups = [...head, ...Array<number>(Math.max(0, missing)).fill(0), ...tail];
  return groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : undefined;
}

function embeddedV4(groups: number[]): string {
  const a = groups[6]!;
  const b = groups[7]!;
  return `${a >> 8}.${a & 0xff}.${b >> 8}.${b & 0xff}`;
}

function blockedV6(address: string): string | undefined {
  const g = ipv6Groups(address);
  if (!g) return "unparseable IPv6";
  const zeroPrefix = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeroPrefix(8)) return "unspecified";
  if (zeroPrefix(7) && g[7] === 1) return "loopback";
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), IPv4-translated (::ffff:0:a.b.c.d), NAT64 (64:ff9b::/96).
  if (zeroPrefix(5) && g[5] === 0xffff) return blockedV4(embeddedV4(g)) ?? undefined;
  if (zeroPrefix(6)) return blockedV4(embeddedV4(g)) ?? undefined;
  if (zeroPrefix(4) && g[4] === 0xffff && g[5] === 0) return blockedV4(embeddedV4(g)) ?? undefined;
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0))
    return blockedV4(embeddedV4(g)) ?? undefined;
  if (g[0] === 0x2002)
    return blockedV4(`${g[1]! >> 8}.${g[1]! & 0xff}.${g[2]! >> 8}.${g[2]! & 0xff}`);
  if ((g[0]! & 0xfe00) === 0xfc00) return "unique local (private)";
  if ((g[0]! & 0xffc0) === 0xfe80) return "link-local";
  if ((g[0]! & 0xffc0) === 0xfec0) return "site-local";
  if ((g[0]! & 0xff00) === 0xff00) return "multicast";
  if (g[0] === 0x2001 && g[1] === 0xdb8) return "documentation";
  return undefined;
}

/** Why an IP address must not be fetched (loopback, private, link-local, metadata, …), or undefined when it is public. */
export function blockedAddressReason(address: string): string | undefined {
  const family = isIP(address.replace(/^\[|\]$/g, "").replace(/%.*$/, ""));
  if (family === 4) return blockedV4(address);
  if (family === 6) return blockedV6(address);
  return "not an IP address";
}

/** Why a host name must not be fetched before resolving it (localhost, metadata names), else undefined. */
export function blockedHostnameReason(hostname: string): string | undefined {
  return BLOCKED_HOSTNAMES.some((pattern) => pattern.test(hostname))
    ? "local or metadata host name"
    : undefined;
}
