import { BlockList, isIP } from "node:net";
import { firstHeader, type IncomingHeaders } from "../domain/public-url.js";

/** Which peers may tell the gateway a client's address through forwarded headers. */
export interface ProxyTrust {
  /** Peers (proxies) whose `X-Forwarded-For` is believed. */
  readonly proxies: BlockList;
  /** Use `X-Real-IP` from a trusted proxy when it sends no `X-Forwarded-For`. */
  readonly allowRealIpFallback: boolean;
  /** Peers whose `Fly-Client-IP` is believed (Fly's edge proxy, set only when running on Fly). */
  readonly flyProxies?: BlockList;
}

/** Fly's edge proxy reaches a machine from this private range (6PN peers are not in it). */
const FLY_PROXY_SUBNET = { network: "172.16.0.0", prefix: 12 } as const;

/** Trust nobody's forwarded headers: the socket's peer is the client. */
export const TRUST_NO_PROXY: ProxyTrust = { proxies: new BlockList(), allowRealIpFallback: false };

/** Builds a {@link ProxyTrust} from `gateway.trustedProxies` (addresses or CIDRs) and the platform. */
export function proxyTrust(options: {
  trustedProxies: readonly string[];
  allowRealIpFallback: boolean;
  onFly: boolean;
}): ProxyTrust {
  const proxies = new BlockList();
  for (const entry of options.trustedProxies) addEntry(proxies, entry);
  let flyProxies: BlockList | undefined;
  if (options.onFly) {
    flyProxies = new BlockList();
    flyProxies.addSubnet(FLY_PROXY_SUBNET.network, FLY_PROXY_SUBNET.prefix, "ipv4");
  }
  return { proxies, allowRealIpFallback: options.allowRealIpFallback, flyProxies };
}

/**
 * The client's address for rate limiting. Forwarded headers are believed only from a trusted
 * peer: `Fly-Client-IP` from Fly's proxy; `X-Forwarded-For` from a configured proxy, read from the
 * right, skipping the configured proxies (the left entries are whatever the client wrote);
 * `X-Real-IP` when allowed. Otherwise (the default) the socket's peer.
 */
export function clientAddress(
  headers: IncomingHeaders,
  remoteAddress: string | undefined,
  trust: ProxyTrust = TRUST_NO_PROXY,
): string {
  const peer = normalize(remoteAddress ?? "unknown");
  if (trust.flyProxies && contains(trust.flyProxies, peer)) {
    const fly = firstHeader(headers, "fly-client-ip")?.trim();
    if (fly && isIP(fly)) return normalize(fly);
  }
  if (!contains(trust.proxies, peer)) return peer;
  const chain = headerValues(headers, "x-forwarded-for")
    .flatMap((value) => value.split(","))
    .map((hop) => normalize(hop.trim()));
  for (let i = chain.length - 1; i >= 0; i--) {
    const hop = chain[i]!;
    if (!isIP(hop)) return peer;
    if (!contains(trust.proxies, hop)) return hop;
  }
  if (chain.length === 0 && trust.allowRealIpFallback) {
    const real = firstHeader(headers, "x-real-ip")?.trim();
    if (real && isIP(real)) return normalize(real);
  }
  return chain[0] ?? peer;
}

function headerValues(headers: IncomingHeaders, name: string): string[] {
  const value = headers[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function addEntry(list: BlockList, entry: string): void {
  const [address = "", prefix] = entry.split("/");
  const family = isIP(address) === 6 ? "ipv6" : "ipv4";
  if (prefix === undefined) list.addAddress(address, family);
  else list.addSubnet(address, Number(prefix), family);
}

function contains(list: BlockList, address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return list.check(address, family === 6 ? "ipv6" : "ipv4");
}

// "::ffff:10.0.0.1" (an IPv4 peer on a dual-stack socket) is the IPv4 address 10.0.0.1.
function normalize(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1]! : address;
}
