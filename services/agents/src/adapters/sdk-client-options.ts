import type { Logger } from "@clawfleet/log";
import type { ProviderSettings } from "../domain/models/provider-settings.js";
import { sdkLogger, type SdkLogger } from "./sdk-logging.js";

/**
 * `fetch` options both model SDKs get. `redirect: "error"` lets undici send the request as it is:
 * with the default "follow" every request is cloned first (its body stream teed) in case it has to be
 * replayed, ~0.1 ms of CPU per model call. Model APIs do not redirect; a proxy that does fails
 * loudly as a connection error (and fails over) instead of being followed.
 */
export const SDK_FETCH_OPTIONS = { redirect: "error" } as const satisfies RequestInit;

/** The client options both model SDKs are built with. */
export interface SdkClientOptions {
  apiKey: string;
  baseURL: string | null;
  maxRetries: number;
  logger: SdkLogger;
  logLevel: "warn";
  fetchOptions: typeof SDK_FETCH_OPTIONS;
}

/**
 * A provider's key and base URL, no SDK retries (failover across models does that), the SDK's
 * logging routed into the service log, and {@link SDK_FETCH_OPTIONS}.
 */
export function sdkClientOptions(settings: ProviderSettings, logger: Logger): SdkClientOptions {
  return {
    apiKey: settings.apiKey,
    baseURL: settings.baseURL ?? null,
    maxRetries: 0,
    logger: sdkLogger(logger),
    logLevel: "warn",
    fetchOptions: SDK_FETCH_OPTIONS,
  };
}
