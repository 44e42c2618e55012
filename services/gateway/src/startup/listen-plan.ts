import {
  DEFAULT_GATEWAY_PORT,
  type GatewayAuthMode,
  type GatewayBind,
  type GatewayConfig,
} from "@clawfleet/config";
import { StartupError } from "@clawfleet/runtime";
import type { GatewayOptions } from "./gateway-options.js";

/** The command that creates a token on Fly, quoted in every refusal to bind without one. */
export const TOKEN_FIX = "fly secrets set OPENCLAW_GATEWAY_TOKEN=$(openssl rand -hex 32)";

/** Where and how the gateway listens, resolved from flags, env and config. */
export interface ListenPlan {
  port: number;
  bind: GatewayBind;
  /** Address passed to `listen` (`::` for lan: dual-stack). */
  host: string;
  /** Address shown in the listening line (`0.0.0.0` for lan, as OpenClaw prints it). */
  displayHost: string;
  /** True when only this machine can connect. */
  loopback: boolean;
  authMode: GatewayAuthMode;
}

/** What {@link resolveListenPlan} reads. */
export interface ListenInputs {
  options: GatewayOptions;
  /** `OPENCLAW_GATEWAY_PORT`. */
  envPort?: number;
  gateway: GatewayConfig;
  /** The credentials that will be checked (see `resolveCredentials`). */
  credentials: { token?: string; password?: string };
  inContainer: boolean;
}

/**
 * Port precedence `--port` > `OPENCLAW_GATEWAY_PORT` > `gateway.port` > 18789; bind `--bind` >
 * `gateway.bind` > loopback (`auto` = lan in a container or on Fly). A non-loopback bind without a
 * token or password is refused with a {@link StartupError} that names the fix.
 */
export function resolveListenPlan(inputs: ListenInputs): ListenPlan {
  const port = inputs.options.port ?? inputs.envPort ?? inputs.gateway.port ?? DEFAULT_GATEWAY_PORT;
  const requested = inputs.options.bind ?? inputs.gateway.bind;
  const bind: GatewayBind =
    requested === "auto" ? (inputs.inContainer ? "lan" : "loopback") : requested;
  const address = bindAddress(bind, inputs.gateway.customBindHost);
  const authMode =
    inputs.gateway.auth.mode ??
    (inputs.credentials.token ? "token" : inputs.credentials.password ? "password" : "none");
  const hasSecret =
    authMode === "token"
      ? !!inputs.credentials.token
      : authMode === "password"
        ? !!inputs.credentials.password
        : false;
  if (!address.loopback && !hasSecret) {
    throw new StartupError(
      `refusing to bind the gateway to ${address.display} (--bind ${requested}) without auth: ` +
        (authMode === "password"
          ? "gateway.auth.mode is password but no password is set (OPENCLAW_GATEWAY_PASSWORD or --password). "
          : "set OPENCLAW_GATEWAY_TOKEN (or --token / gateway.auth.token). ") +
        `On Fly: ${TOKEN_FIX}`,
    );
  }
  return {
    port,
    bind,
    host: address.host,
    displayHost: address.display,
    loopback: address.loopback,
    authMode,
  };
}

function bindAddress(
  bind: GatewayBind,
  customHost: string | undefined,
): { host: string; display: string; loopback: boolean } {
  switch (bind) {
    case "lan":
      return { host: "::", display: "0.0.0.0", loopback: false };
    case "custom": {
      if (!customHost)
        throw new StartupError(
          `--bind custom needs gateway.customBindHost in openclaw.json (the address to listen on)`,
        );
      return {
        host: customHost,
        display: customHost.includes(":") ? `[${customHost}]` : customHost,
        loopback: isLoopbackHost(customHost),
      };
    }
    case "loopback":
    case "auto":
      return { host: "127.0.0.1", display: "127.0.0.1", loopback: true };
  }
}

/** Whether an address only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\./.test(host);
}
