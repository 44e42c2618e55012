/** What the signature check knows about a webhook request and this deployment. */
export interface SignedUrlInput {
  /** Path and query as received, e.g. `/voice/webhook?callId=…`. */
  path: string;
  /** The URL as the front (gateway or listener) reconstructed it from Host / X-Forwarded-*. */
  requestUrl: string;
  /** Public bases Twilio is given: the tunnel URL, `publicUrl`. */
  bases: readonly string[];
  /** `webhookSecurity.allowedHosts`: other hosts (proxies) a request may name. */
  allowedHosts: readonly string[];
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * The URLs a webhook's `X-Twilio-Signature` may have been computed over: the request as received
 * when its host is trusted, and each public base with the received path and query. A host is
 * trusted when it is a public base's host or in `allowedHosts`; with neither configured (local
 * use), any host is. The signature itself is always required.
 */
export function signedUrlCandidates(input: SignedUrlInput): string[] {
  const trusted = new Set(
    [...input.bases.map(hostOf), ...input.allowedHosts.map((h) => h.trim().toLowerCase())].filter(
      (h): h is string => Boolean(h),
    ),
  );
  const out: string[] = [];
  const requestHost = hostOf(input.requestUrl);
  if (requestHost && (trusted.size === 0 || trusted.has(requestHost))) out.push(input.requestUrl);
  for (const base of input.bases) {
    try {
      out.push(new URL(input.path, new URL(base).origin).href);
    } catch {
      // an unusable base cannot have been signed
    }
  }
  return [...new Set(out)];
}
