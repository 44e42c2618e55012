import type { GatewayConfig } from "@clawfleet/config";
import type { GatewayOptions } from "./gateway-options.js";

/** The shared secrets clients authenticate with. */
export interface GatewayCredentials {
  token?: string;
  password?: string;
}

/**
 * Resolves the gateway's secrets as OpenClaw does in local mode: `--token` / `--password` win,
 * then `gateway.auth.*` from the config, then `OPENCLAW_GATEWAY_TOKEN` / `OPENCLAW_GATEWAY_PASSWORD`.
 */
export function resolveCredentials(
  options: GatewayOptions,
  gateway: GatewayConfig,
  env: { OPENCLAW_GATEWAY_TOKEN?: string; OPENCLAW_GATEWAY_PASSWORD?: string },
): GatewayCredentials {
  const credentials: GatewayCredentials = {};
  const token = options.token ?? gateway.auth.token ?? env.OPENCLAW_GATEWAY_TOKEN;
  const password = options.password ?? gateway.auth.password ?? env.OPENCLAW_GATEWAY_PASSWORD;
  if (token) credentials.token = token;
  if (password) credentials.password = password;
  return credentials;
}
