import twilio from "twilio";
import type RequestClient from "twilio/lib/base/RequestClient.js";
import type * as TwilioResponseModule from "twilio/lib/http/response.js";

type RequestClientOptions = RequestClient.RequestClientOptions;

/**
 * Rewrites a Twilio API URL (`https://api.twilio.com/…`, or any `*.twilio.com` host) so it
 * points at `apiBase` (scheme, host, port and path prefix), keeping path and query.
 */
export function rewriteTwilioUri(uri: string, apiBase: string): string {
  const target = new URL(uri);
  if (!/(^|\.)twilio\.com$/i.test(target.hostname)) return uri;
  const base = new URL(apiBase);
  const prefix = base.pathname.replace(/\/+$/, "");
  return `${base.protocol}//${base.host}${prefix}${target.pathname}${target.search}`;
}

/**
 * The twilio SDK has no base-URL option: this `RequestClient` sends every request to
 * `apiBase` instead (what `TWILIO_API_BASE` configures). Use it as
 * `twilio(sid, token, { httpClient: createTwilioHttpClient(apiBase) })`.
 */
export class RebasedTwilioRequestClient extends twilio.RequestClient {
  readonly apiBase: string;

  constructor(apiBase: string, options?: RequestClientOptions) {
    super(options);
    this.apiBase = apiBase;
  }

  override request<TData>(
    opts: RequestClient.RequestOptions<TData>,
  ): Promise<TwilioResponseModule.default<TData>> {
    return super.request({ ...opts, uri: rewriteTwilioUri(opts.uri, this.apiBase) });
  }
}

/** A twilio `httpClient` that reaches `apiBase` instead of api.twilio.com. */
export function createTwilioHttpClient(
  apiBase: string,
  options?: RequestClientOptions,
): RebasedTwilioRequestClient {
  return new RebasedTwilioRequestClient(apiBase, options);
}
