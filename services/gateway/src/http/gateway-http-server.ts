import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Bus } from "@clawfleet/bus";
import type { OpenClawConfig } from "@clawfleet/config";
import type { Logger } from "@clawfleet/log";
import {
  answerHealth,
  HealthPaths,
  type MetricsRegistry,
  type Readiness,
} from "@clawfleet/runtime";
import {
  CHAT_COMPLETIONS_PATH,
  handleChatCompletions,
  type ChatCompletionsDeps,
} from "./chat-completions.js";
import { requestPath, sendJson } from "./http-io.js";
import { redeemDashboardLink } from "./dashboard-redirect.js";
import { serveControlUi } from "./static-ui.js";
import { handleTelegramWebhook, telegramAccountForPath } from "./telegram-webhook.js";
import { handleVoiceWebhook, VOICE_PREFIX } from "./voice-webhook.js";

/** What the HTTP side of the gateway needs. */
export interface HttpDeps {
  bus: Bus;
  config: () => OpenClawConfig;
  readiness: Readiness;
  metrics: MetricsRegistry;
  logger: Logger;
  chatCompletions: ChatCompletionsDeps;
  /** Host used for public URLs when a request has no Host header. */
  fallbackHost: () => string;
  /** Directory of the built Control UI. */
  uiDir: string;
  /** Exchanges a one-time `clawfleet dashboard` code for a browser credential (undefined: used or expired). */
  redeemDashboardCode: (code: string) => string | undefined;
}

const HEALTH: readonly string[] = [...HealthPaths.live, ...HealthPaths.ready];

/**
 * The gateway's HTTP server (WebSockets are attached to it separately): health paths, the Telegram
 * and Twilio webhooks, the optional OpenAI-compatible endpoint and the Control UI, on one port.
 * A failing route answers 500 and logs; it never takes the process down.
 */
export function createGatewayHttpServer(deps: HttpDeps): Server {
  return createServer((req, res) => {
    route(req, res, deps).catch((error: unknown) => {
      deps.logger.error(`HTTP ${req.method} ${requestPath(req)} failed`, { error });
      sendJson(res, 500, { ok: false, error: "internal error" });
    });
  });
}

async function route(req: IncomingMessage, res: ServerResponse, deps: HttpDeps): Promise<void> {
  const path = requestPath(req);
  if (HEALTH.includes(path) && answerHealth(req, res, deps.readiness, deps.metrics)) return;
  const config = deps.config();
  const telegram = telegramAccountForPath(config, path);
  if (telegram)
    return handleTelegramWebhook(req, res, telegram, deps.bus, deps.fallbackHost(), deps.logger);
  if (path.startsWith(VOICE_PREFIX))
    return handleVoiceWebhook(req, res, deps.bus, deps.fallbackHost(), deps.logger);
  if (path === CHAT_COMPLETIONS_PATH) {
    if (!config.gateway.http.endpoints.chatCompletions.enabled)
      return sendJson(res, 404, {
        error: {
          message:
            "the OpenAI-compatible endpoint is off (gateway.http.endpoints.chatCompletions.enabled)",
          type: "invalid_request_error",
        },
      });
    return handleChatCompletions(req, res, deps.chatCompletions);
  }
  if (config.gateway.controlUi.enabled && redeemDashboardLink(req, res, deps.redeemDashboardCode))
    return;
  if (
    config.gateway.controlUi.enabled &&
    serveControlUi(req, res, config.gateway.controlUi.basePath, deps.uiDir)
  )
    return;
  sendJson(res, 404, { ok: false, error: "not found" });
}
