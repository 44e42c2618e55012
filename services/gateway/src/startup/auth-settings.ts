import type { ClawEnv, OpenClawConfig } from "@clawfleet/config";
import type { AuthSettings } from "../ws/auth/authenticator.js";
import { resolveCredentials } from "./credentials.js";
import type { GatewayOptions } from "./gateway-options.js";

/** The auth settings in force for a config (so a token set or changed in openclaw.json applies without a restart). */
export function authSettings(
  options: GatewayOptions,
  config: OpenClawConfig,
  env: ClawEnv,
  loopback: boolean,
): AuthSettings {
  const credentials = resolveCredentials(options, config.gateway, env);
  const mode =
    config.gateway.auth.mode ??
    (credentials.token ? "token" : credentials.password ? "password" : "none");
  return { mode, loopback, ...credentials };
}
