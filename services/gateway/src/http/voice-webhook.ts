import { errorMessage } from "@clawfleet/core";
import type { IncomingMessage, ServerResponse } from "node:http";
import { VoiceWebhook, type Bus } from "@clawfleet/bus";
import type { Logger } from "@clawfleet/log";
import { forwardedRequest, relayWebhook } from "./forward-request.js";
import { BodyTooLargeError, readBody, sendJson } from "./http-io.js";

/** Where Twilio posts: every path under it goes to the voice service. */
export const VOICE_PREFIX = "/voice/";

const MAX_WEBHOOK_BYTES = 256 * 1024;

/** `/voice/*`: forwards the request (raw body, headers, public URL) to a voice instance, which checks Twilio's signature. */
export async function handleVoiceWebhook(
  req: IncomingMessage,
  res: ServerResponse,
  bus: Bus,
  fallbackHost: string,
  log: Logger,
): Promise<void> {
  let body: string;
  try {
    body = await readBody(req, MAX_WEBHOOK_BYTES);
  } catch (error) {
    return sendJson(res, error instanceof BodyTooLargeError ? 413 : 400, {
      ok: false,
      error: errorMessage(error),
    });
  }
  await relayWebhook(
    res,
    req,
    "voice",
    () => bus.request(VoiceWebhook, {}, forwardedRequest(req, body, fallbackHost)),
    log,
  );
}
