import { hostname } from "node:os";
import type { OpenClawConfig } from "@clawfleet/config";
import { buildMainSessionKey, normalizeMainKey, resolveDefaultAgentId } from "@clawfleet/core";
import type { ServiceDirectory } from "../bus/service-directory.js";
import { attachmentPolicy } from "../domain/attachment-policy.js";
import { OPENCLAW_COMPAT_VERSION } from "../protocol/compat-version.js";
import type { ConnectionRegistry } from "./connection-registry.js";

/** What `hello-ok` is built from. */
export interface HelloSources {
  version: string;
  instanceId: string;
  startedAt: number;
  methods: () => string[];
  events: readonly string[];
  /** Protocol contracts this gateway honours (`features.capabilities`). */
  capabilities: readonly string[];
  config: () => OpenClawConfig;
  appliedHash: () => string;
  authMode: () => string;
  registry: Pick<ConnectionRegistry, "presence" | "presenceVersion">;
  directory: Pick<ServiceDirectory, "knownRunning">;
}

/**
 * The shared part of `hello-ok`: server, features, the snapshot (presence, health, session defaults)
 * and the config-dependent part of `policy` (attachment limits).
 */
export function helloPayload(sources: HelloSources): Record<string, unknown> {
  const config = sources.config();
  const defaultAgentId = resolveDefaultAgentId(config);
  const mainKey = normalizeMainKey(config.session.mainKey);
  return {
    server: {
      version: OPENCLAW_COMPAT_VERSION,
      clawfleetVersion: sources.version,
      host: hostname(),
      instanceId: sources.instanceId,
    },
    features: {
      methods: sources.methods(),
      events: [...sources.events],
      capabilities: [...sources.capabilities],
    },
    snapshot: {
      presence: sources.registry.presence(),
      health: {
        ok: true,
        agentsRunning: sources.directory.knownRunning("agents") ?? null,
        channelsRunning: sources.directory.knownRunning("channels") ?? null,
      },
      stateVersion: { presence: sources.registry.presenceVersion, health: 0 },
      uptimeMs: Date.now() - sources.startedAt,
      sessionDefaults: {
        defaultAgentId,
        mainKey,
        mainSessionKey: buildMainSessionKey(defaultAgentId, mainKey),
      },
      authMode: sources.authMode(),
      appliedConfigHash: sources.appliedHash(),
    },
    policy: { attachments: attachmentPolicy(config) },
  };
}
