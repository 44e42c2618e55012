import { lookup as dnsLookup } from "node:dns/promises";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { blockedAddressReason, blockedHostnameReason } from "../domain/network/address-policy.js";

/** A fetch refused before or during the request (blocked address, too many redirects, bad URL). */
export class FetchRefusedError extends Error {
  override name = "FetchRefusedError";
}

/** Limits and capabilities of {@link safeFetch}. */
export interface SafeFetchOptions {
  maxBytes: number;
  timeoutMs: number;
  maxRedirects: number;
  signal?: AbortSignal;
  /** Request headers added to (or replacing) the defaults. */
  headers?: Record<string, string>;
  /** Resolves a host name to addresses (default: the system resolver, every address). */
  resolve?: (hostname: string) => Promise<{ address: string; family: number }[]>;
  /** Why an address must not be reached (default: loopback, private, link-local, metadata, …). */
  blockedReason?: (address: string) => string | undefined;
  /** Certificate authorities trusted for https instead of the system's (default: the system's). */
  ca?: string;
}

/** What {@link safeFetch} read. */
export interface FetchedPage {
  url: string;
  status: number;
  contentType: string;
  body: Buffer;
  truncated: boolean;
}

const defaultResolve = (hostname: string) => dnsLookup(hostname, { all: true, verbatim: true });

/** Resolves and vets a URL's host; returns the one address the request will connect to. */
async function vet(
  url: URL,
  options: SafeFetchOptions,
): Promise<{ address: string; family: number }> {
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new FetchRefusedError(`only http and https URLs can be fetched, not ${url.protocol}`);
  if (url.username || url.password)
    throw new FetchRefusedError("URLs with credentials are not fetched");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const blocked = options.blockedReason ?? blockedAddressReason;
  if (isIP(host)) {
    const reason = blocked(host);
    if (reason) throw new FetchRefusedError(`refusing to fetch ${url.host}: ${reason} address`);
    return { address: host, family: isIP(host) };
  }
  const nameReason = blockedHostnameReason(host);
  if (nameReason) throw new FetchRefusedError(`refusing to fetch ${url.host}: ${nameReason}`);
  const addresses = await (options.resolve ?? defaultResolve)(host);
  if (addresses.length === 0) throw new FetchRefusedError(`${host} does not resolve`);
  for (const { address } of addresses) {
    const reason = blocked(address);
    if (reason)
      throw new FetchRefusedError(
        `refusing to fetch ${url.host}: it resolves to ${address} (${reason})`,
      );
  }
  return addresses[0]!;
}

/** A lookup that always answers with the vetted address, so the connection cannot be re-resolved elsewhere (DNS rebinding). */
function pinnedLookup(address: string, family: number): LookupFunction {
  return ((_host: string, opts: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (opts?.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  }) as unknown as LookupFunction;
}

function get(
  url: URL,
  pinned: { address: string; family: number },
  signal: AbortSignal,
  headers: Record<string, string> = {},
  ca?: string,
): Promise<IncomingMessage> {
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, {
      method: "GET",
      lookup: pinnedLookup(pinned.address, pinned.family),
      headers: {
        "user-agent": "clawfleet-web-fetch/1",
        accept: "text/html,text/plain,application/json;q=0.9,*/*;q=0.5",
        "accept-encoding": "identity",
        ...headers,
      },
      signal,
      ...(ca && url.protocol === "https:" ? { ca } : {}),
    });
    req.once("response", resolve);
    req.once("error", reject);
    req.end();
  });
}

async function readCapped(
  res: IncomingMessage,
  maxBytes: number,
): Promise<{ body: Buffer; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res) {
    const buffer = chunk as Buffer;
    if (size + buffer.length > maxBytes) {
      chunks.push(buffer.subarray(0, maxBytes - size));
      res.destroy();
      return { body: Buffer.concat(chunks), truncated: true };
    }
    chunks.push(buffer);
    size += buffer.length;
  }
  return { body: Buffer.concat(chunks), truncated: false };
}

/**
 * GETs a URL without letting it reach the machine's own network: every hop's host is resolved here,
 * every address checked (loopback, private, link-local, metadata, IPv4-mapped IPv6 …), the connection
 * pinned to the checked address, redirects followed by hand and re-checked, size and time capped.
 */
export async function safeFetch(target: string, options: SafeFetchOptions): Promise<FetchedPage> {
  const signals = [
    AbortSignal.timeout(options.timeoutMs),
    ...(options.signal ? [options.signal] : []),
  ];
  const signal = AbortSignal.any(signals);
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new FetchRefusedError(`not a URL: ${target.slice(0, 200)}`);
  }
  for (let hop = 0; ; hop++) {
    const pinned = await vet(url, options);
    const res = await get(url, pinned, signal, options.headers, options.ca);
    const location = res.headers.location;
    if (res.statusCode && res.statusCode >= 300 && res.statusCode < 400 && location) {
      res.resume();
      if (hop >= options.maxRedirects)
        throw new FetchRefusedError(`more than ${options.maxRedirects} redirects`);
      url = new URL(location, url);
      continue;
    }
    const { body, truncated } = await readCapped(res, options.maxBytes);
    return {
      url: url.toString(),
      status: res.statusCode ?? 0,
      contentType: String(res.headers["content-type"] ?? ""),
      body,
      truncated,
    };
  }
}
