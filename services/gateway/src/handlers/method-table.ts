import { agentMethod } from "./agent/agent-run.js";
import { agentWaitMethod } from "./agent/agent-wait.js";
import { agentsFilesMethods } from "./agents/agents-files.js";
import { channelsLoginMethods } from "./channels/channels-login.js";
import { channelsPairingMethods } from "./channels/channels-pairing.js";
import { channelsStatusMethod } from "./channels/channels-status.js";
import { chatAbortMethod } from "./chat/chat-abort.js";
import { artifactsDownloadMethod } from "./chat/artifacts-download.js";
import { agentCatalogMethods } from "./agents/agent-catalog.js";
import { agentsListMethods } from "./agents/agents-list.js";
import { agentsCrudMethods } from "./agents/agents-crud.js";
import { chatHistoryMethods } from "./chat/chat-history.js";
import { chatMetadataMethods } from "./chat/chat-metadata.js";
import { agentsCronSource, cronMutationMethods } from "./cron/agents-cron.js";
import { cronMethods } from "./cron/cron.js";
import { absentFeatureMethods } from "./features/absent-features.js";
import { messageActionMethod } from "./messaging/message-action.js";
import { sessionsDescribeMethods } from "./sessions/sessions-describe.js";
import { sessionsSubscribeMethods } from "./sessions/sessions-subscribe.js";
import { presenceMethods } from "./system/presence.js";
import { stabilityMethod } from "./system/stability.js";
import { usageMethods } from "./usage/usage.js";
import { chatSendMethod } from "./chat/chat-send.js";
import { configGetMethod, configSchemaMethod } from "./config/config-get.js";
import { configWriteMethods } from "./config/config-write.js";
import type { GatewayDeps } from "./gateway-deps.js";
import { logsTailMethod } from "./logs/logs-tail.js";
import { sendMethod } from "./messaging/send.js";
import type { MethodDef } from "./method.js";
import { sessionsChangeMethods } from "./sessions/sessions-change.js";
import { sessionsPatchMethod } from "./sessions/sessions-patch.js";
import { sessionsCompactMethod } from "./sessions/sessions-compact.js";
import { sessionsListMethod } from "./sessions/sessions-list.js";
import { sessionsPreviewMethod } from "./sessions/sessions-preview.js";
import { healthMethod } from "./system/health.js";
import { gatherOverview } from "./system/overview.js";
import { OVERVIEW_MAX_AGE_MS, Snapshot } from "./system/overview-snapshot.js";
import { modelsListMethod } from "./system/models-list.js";
import { statusMethod } from "./system/status.js";
import { voicecallMethods } from "./voice/voicecall.js";

/** Events this gateway emits, advertised in `hello-ok.features.events`. */
export const GATEWAY_EVENTS = [
  "connect.challenge",
  "tick",
  "chat",
  "agent",
  "presence",
  "health",
  "sessions.changed",
  "session.message",
  "shutdown",
] as const;

/** Protocol contracts advertised in `hello-ok.features.capabilities` (OpenClaw's names). */
export const GATEWAY_CAPABILITIES = ["published-model-catalog"] as const;

/** Every method the gateway serves, by name. */
export function buildMethodTable(deps: GatewayDeps): ReadonlyMap<string, MethodDef> {
  const overviews = new Snapshot(() => gatherOverview(deps), OVERVIEW_MAX_AGE_MS);
  const methods: MethodDef[] = [
    healthMethod(deps, overviews),
    statusMethod(deps, overviews),
    configGetMethod(deps),
    configSchemaMethod(),
    ...configWriteMethods(deps),
    channelsStatusMethod(deps),
    ...channelsPairingMethods(deps),
    ...channelsLoginMethods(deps),
    sessionsListMethod(deps),
    ...sessionsChangeMethods(deps),
    sessionsPatchMethod(deps),
    sessionsCompactMethod(deps),
    sessionsPreviewMethod(deps),
    ...sessionsDescribeMethods(deps),
    ...sessionsSubscribeMethods(deps),
    ...chatHistoryMethods(deps),
    ...chatMetadataMethods(deps),
    chatSendMethod(deps),
    chatAbortMethod(deps),
    artifactsDownloadMethod(deps),
    agentMethod(deps),
    agentWaitMethod(deps),
    ...agentsFilesMethods(deps),
    sendMethod(deps),
    messageActionMethod(deps),
    modelsListMethod(deps),
    logsTailMethod(deps),
    ...voicecallMethods(deps),
    ...presenceMethods(deps),
    stabilityMethod(deps),
    ...agentsListMethods(deps),
    ...agentsCrudMethods(deps),
    ...agentCatalogMethods(deps),
    ...usageMethods(deps),
    ...cronMethods(agentsCronSource(deps.bus)),
    ...cronMutationMethods(deps.bus),
    ...absentFeatureMethods(deps),
  ];
  return new Map(methods.map((method) => [method.name, method]));
}
