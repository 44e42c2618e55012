import { errorMessage } from "@clawfleet/core";
import type { ForwardedHttpRequest, ForwardedHttpResponse } from "@clawfleet/bus";
import type { Logger } from "@clawfleet/log";
import { findSignedUrl } from "../adapters/twilio/twilio-signature.js";
import { renderTwiml, twimlResponse, type TwimlUrls } from "../adapters/twilio/twiml.js";
import type { CallEngine, StepResult } from "../calls/call-engine.js";
import { isValidCallId } from "../calls/call-store.js";
import { admitInbound } from "../calls/inbound-calls.js";
import {
  answer,
  hearSilence,
  hearSpeech,
  pollReply,
  type CallAction,
} from "../domain/call-flow.js";
import { fromTwilioStatus } from "../domain/call-status.js";
import { signedUrlCandidates } from "../domain/signed-urls.js";
import { isCallOver } from "../domain/stored-call.js";
import { callbackUrl } from "../domain/voice-settings.js";
import { answerForStream, endStream } from "../streaming/stream-flow.js";
import type { StreamingAnswers } from "../streaming/stream-answer.js";
import { VoiceError, VoiceErrorCode } from "../errors.js";

/** What the webhook handler needs besides the call engine. */
export interface TwilioWebhookDeps {
  engine: CallEngine;
  /** Public bases a signed URL may name (tunnel URL, `publicUrl`). */
  publicBases: () => string[];
  log: Logger;
  /** Called once per webhook with its event and HTTP status, for metrics. */
  count: (event: string, status: number) => void;
  /** Longest a webhook waits for the agent before asking Twilio to come back (below Twilio's 15 s and the bus's 12 s). */
  waitSliceMs: number;
  signal: AbortSignal;
  /** Media Streams answers (`streaming.enabled`); without it every call uses the Gather loop. */
  streaming?: StreamingAnswers;
}

const XML = { "content-type": "text/xml; charset=utf-8" };

function text(status: number, body: string): ForwardedHttpResponse {
  return { status, headers: { "content-type": "text/plain; charset=utf-8" }, body };
}

function twiml(body: string): ForwardedHttpResponse {
  return { status: 200, headers: XML, body };
}

function header(headers: Record<string, string>, name: string): string | undefined {
  const found = Object.entries(headers).find(([key]) => key.toLowerCase() === name);
  return found?.[1];
}

/** The webhook URL Twilio called, without its query: the base of every URL the call is given next. */
function webhookBase(signedUrl: string): string {
  const url = new URL(signedUrl);
  return `${url.origin}${url.pathname}`;
}

function urlsFor(signedUrl: string, callId: string): TwimlUrls {
  const base = webhookBase(signedUrl);
  return {
    speech: (turn) => callbackUrl(base, { callId, event: "speech", turn: String(turn) }),
    silence: (turn) => callbackUrl(base, { callId, event: "silence", turn: String(turn) }),
    wait: () => callbackUrl(base, { callId, event: "wait" }),
  };
}

function isWaiting(actions: readonly CallAction[]): boolean {
  return actions.length === 1 && actions[0]?.kind === "wait";
}

/**
 * Answers Twilio's webhooks (from the gateway's `/voice/*` route over the bus, or the voice
 * listener): checks `X-Twilio-Signature` against the exact public URL Twilio called (403 and a log
 * line without secrets when it does not match), then runs the call flow and answers TwiML.
 */
export function createTwilioWebhookHandler(
  deps: TwilioWebhookDeps,
): (request: ForwardedHttpRequest) => Promise<ForwardedHttpResponse> {
  const { engine, log } = deps;

  const afterThinking = async (
    callId: string,
    result: StepResult | undefined,
  ): Promise<StepResult | undefined> =>
    result && isWaiting(result.actions)
      ? engine.awaitReply(callId, deps.waitSliceMs, deps.signal)
      : result;

  const dispatch = async (
    event: string,
    callId: string,
    params: Record<string, string>,
    query: URLSearchParams,
    signedUrl: string,
  ): Promise<ForwardedHttpResponse> => {
    const render = (result: StepResult | undefined) =>
      twiml(renderTwiml(result?.actions ?? [{ kind: "hangup" }], urlsFor(signedUrl, callId)));
    const answerCall = async () => {
      const streaming = deps.streaming;
      if (!streaming?.usable()) return render(await engine.step(callId, answer));
      const result = await engine.step(callId, answerForStream);
      const listens = result?.actions.at(-1)?.kind === "listen";
      return result && listens && !isCallOver(result.call) && result.call.mode === "conversation"
        ? twiml(streaming.twiml(callId, signedUrl))
        : render(result);
    };
    switch (event) {
      case "incoming": {
        const outcome = await admitInbound(engine, {
          callId,
          providerCallId: callId,
          provider: "twilio",
          from: params.From || params.Caller || "anonymous",
          to: params.To || params.Called || "",
        });
        if (outcome.kind === "refused")
          return render({
            call: outcome.call,
            actions: [{ kind: "say", text: outcome.text }, { kind: "hangup" }],
          });
        if (outcome.fresh) {
          const settings = engine.deps.settings();
          const statusUrl = callbackUrl(webhookBase(signedUrl), { callId, event: "status" });
          void engine.deps
            .telephony()
            .supervise(callId, statusUrl, Math.round(settings.maxDurationMs / 1000))
            .catch((error: unknown) =>
              log.info(
                `could not subscribe to status callbacks of inbound call ${callId}; a hang-up is noticed at the latest after maxDurationSeconds`,
                { error: errorMessage(error) },
              ),
            );
        }
        return answerCall();
      }
      case "answer":
        return answerCall();
      case "resume":
        // The stream is over (closed, failed, or its instance died): the Gather loop takes the call.
        return render(
          await afterThinking(
            callId,
            await engine.step(callId, (call, policy, now) =>
              pollReply(endStream(call, now), policy, now),
            ),
          ),
        );
      case "speech": {
        const turn = Number(query.get("turn"));
        if (!Number.isInteger(turn) || turn < 1)
          return text(400, "turn must be a positive integer");
        return render(
          await afterThinking(
            callId,
            await engine.step(callId, (call, policy, now) =>
              hearSpeech(call, turn, params.SpeechResult ?? "", policy, now),
            ),
          ),
        );
      }
      case "silence":
        return render(await afterThinking(callId, await engine.step(callId, hearSilence)));
      case "wait":
        return render(await engine.awaitReply(callId, deps.waitSliceMs, deps.signal));
      case "status": {
        const status = fromTwilioStatus(params.CallStatus);
        if (status) await engine.reportStatus(callId, status);
        return twiml(twimlResponse());
      }
      default:
        return text(400, `unknown event ${JSON.stringify(event)}`);
    }
  };

  return async (request) => {
    const settings = engine.deps.settings();
    if (request.method !== "POST") return text(405, "Twilio webhooks are POST requests");
    if (!settings.enabled)
      return text(503, "voice calls are disabled (plugins.entries.voice-call.enabled)");
    if (settings.provider !== "twilio")
      return text(
        404,
        `the voice provider is ${settings.provider}; Twilio webhooks are not served`,
      );
    const token = settings.twilio.authToken;
    if (!token) {
      log.error(
        "a Twilio webhook arrived but TWILIO_AUTH_TOKEN is not set, so its signature cannot be checked",
      );
      return text(503, "the voice service has no Twilio auth token");
    }
    const params = Object.fromEntries(new URLSearchParams(request.body));
    const candidates = signedUrlCandidates({
      path: request.url,
      requestUrl: request.publicUrl,
      bases: deps.publicBases(),
      allowedHosts: settings.allowedHosts,
    });
    const signature = header(request.headers, "x-twilio-signature");
    const signedUrl = await findSignedUrl(token, signature, candidates, params);
    if (!signedUrl) {
      log.warn(`rejected a webhook with ${signature ? "an invalid" : "no"} X-Twilio-Signature`, {
        path: request.url.split("?")[0],
        url: request.publicUrl.split("?")[0],
        remote: request.remoteAddress,
      });
      deps.count("rejected", 403);
      return text(403, "invalid Twilio signature");
    }
    const query = new URL(signedUrl).searchParams;
    const event = query.get("event") ?? "incoming";
    const callId = query.get("callId") ?? params.CallSid ?? "";
    if (!isValidCallId(callId)) {
      deps.count(event, 400);
      return text(400, "missing or malformed CallSid");
    }
    try {
      const response = await dispatch(event, callId, params, query, signedUrl);
      deps.count(event, response.status);
      return response;
    } catch (error) {
      if (error instanceof VoiceError && error.reason === VoiceErrorCode.NotFound) {
        log.warn(`webhook ${event} for unknown call ${callId}; hanging up`, { callId });
        deps.count(event, 200);
        return twiml(renderTwiml([{ kind: "hangup" }], urlsFor(signedUrl, callId)));
      }
      log.error(`webhook ${event} of call ${callId} failed`, { error, callId });
      deps.count(event, 500);
      return text(500, "the voice service could not handle this webhook");
    }
  };
}
