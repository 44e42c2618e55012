import type { IncomingMessage, ServerResponse } from "node:http";
import type { ForwardedHttpRequest, ForwardedHttpResponse } from "@clawfleet/bus";
import type { Logger } from "@clawfleet/log";
import { serviceError, type PeerService } from "../bus/call-service.js";
import { publicUrl } from "../domain/public-url.js";
import { ErrorCode } from "../errors.js";
import { flatHeaders, requestPath, sendJson } from "./http-io.js";

// Credentials of the gateway itself never travel to other services.
const DROPPED_HEADERS = ["authorization", "cookie"];

/** Builds the bus form of a webhook request: raw body, headers and the public URL the caller used. */
export function forwardedRequest(
  req: IncomingMessage,
  body: string,
  fallbackHost: string,
): ForwardedHttpRequest {
  const forwarded: ForwardedHttpRequest = {
    method: req.method ?? "GET",
    url: req.url ?? "/",
    publicUrl: publicUrl(req.headers, req.url ?? "/", fallbackHost),
    headers: flatHeaders(req, DROPPED_HEADERS),
    body,
    receivedAt: Date.now(),
  };
  if (req.socket.remoteAddress) forwarded.remoteAddress = req.socket.remoteAddress;
  return forwarded;
}

/**
 * Sends a forwarded webhook to `service` and writes its answer; when nobody answers the caller
 * gets 503 (platforms retry later), on a timeout 504 — never a hang, never a crash.
 */
export async function relayWebhook(
  res: ServerResponse,
  req: IncomingMessage,
  service: PeerService,
  call: () => Promise<ForwardedHttpResponse>,
  log: Logger,
): Promise<void> {
  let answer: ForwardedHttpResponse;
  try {
    answer = await call();
  } catch (error) {
    const mapped = serviceError(service, error);
    const status =
      mapped.code === ErrorCode.InvalidRequest
        ? 400
        : mapped.details?.busCode === "timeout"
          ? 504
          : 503;
    log.warn(`webhook ${requestPath(req)} not handled: ${mapped.message}`);
    return sendJson(
      res,
      status,
      { ok: false, error: mapped.message },
      status === 503 ? { "retry-after": "5" } : {},
    );
  }
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
}
