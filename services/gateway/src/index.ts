import type { ServiceDefinition } from "@clawfleet/runtime";
import { startGateway } from "./main.js";
import { gatewayPreflight } from "./startup/preflight.js";

/** The gateway reading `${VAR}`s and the config location from `processEnv` (tests pass their own). */
export function createGatewayService(
  processEnv: Record<string, string | undefined>,
): ServiceDefinition {
  return {
    name: "gateway",
    description:
      "OpenClaw-compatible WebSocket control plane, Control UI, webhook ingress and config editing (KV, mirrored to openclaw.json).",
    preflight: (env, options) => gatewayPreflight(env, options, processEnv),
    start: (ctx) => startGateway(ctx, processEnv),
  };
}

/** The gateway service: OpenClaw-compatible WebSocket control plane, Control UI, webhook ingress and config editing (KV, mirrored to openclaw.json). */
export const gatewayService: ServiceDefinition = createGatewayService(process.env);
export { runsInContainer } from "./startup/in-container.js";
