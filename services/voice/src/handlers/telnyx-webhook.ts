import { errorMessage } from "@clawfleet/core";
import type { ForwardedHttpResponse } from "@clawfleet/bus";
import type { Logger } from "@clawfleet/log";
import type { TelnyxCallDriver } from "../adapters/telnyx/telnyx-call-driver.js";
import { decodeClientState, type ClientState } from "../adapters/telnyx/telnyx-client-state.js";
import {
  telnyxEventSchema,
  TelnyxEventType,
  type TelnyxPayload,
} from "../adapters/telnyx/telnyx-events.js";
import { checkTelnyxSignature } from "../adapters/telnyx/telnyx-signature.js";
import type { CallEngine } from "../calls/call-engine.js";
import { isValidCallId } from "../calls/call-store.js";
import { admitInbound } from "../calls/inbound-calls.js";
import type { WebhookHandler } from "../calls/telephony.js";
import { answer, hearSpeech } from "../domain/call-flow.js";
import { CallStatus } from "../domain/call-status.js";

/** What the Telnyx webhook handler needs. */
export interface TelnyxWebhookDeps {
  engine: CallEngine;
  driver: TelnyxCallDriver;
  log: Logger;
  /** Called once per webhook with its event and HTTP status, for metrics. */
  count: (event: string, status: number) => void;
}

function text(status: number, body: string): ForwardedHttpResponse {
  return { status, headers: { "content-type": "text/plain; charset=utf-8" }, body };
}

function header(headers: Record<string, string>, name: string): string | undefined {
  return Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
}

/** A Telnyx `hangup_cause` as a call status. */
export function fromTelnyxHangup(cause: string | undefined): CallStatus {
  switch (cause) {
    case "user_busy":
      return CallStatus.Busy;
    case "timeout":
    case "no_answer":
      return CallStatus.NoAnswer;
    case "originator_cancel":
      return CallStatus.Canceled;
    case "call_rejected":
    case "not_found":
    case "unallocated_number":
      return CallStatus.Failed;
    default:
      return CallStatus.Completed;
  }
}

/** The call id of an event: ours from `client_state`, else (a new inbound call) from the leg id. */
function callIdOf(payload: TelnyxPayload, state: ClientState | undefined): string {
  return state?.c ?? `tx-${payload.call_leg_id}`;
}

/**
 * Answers Telnyx Call Control webhooks: checks `telnyx-signature-ed25519` over
 * `${telnyx-timestamp}|${body}` with the configured public key (403 and no change when it does not
 * hold or is older than 5 minutes; 503 when no key is configured), parses the envelope (400 on bad
 * JSON), and runs the shared call flow through the driver's commands.
 */
export function createTelnyxWebhookHandler(deps: TelnyxWebhookDeps): WebhookHandler {
  const { engine, driver, log } = deps;

  const dispatch = async (event: string, payload: TelnyxPayload): Promise<void> => {
    const state = decodeClientState(payload.client_state);
    const callId = callIdOf(payload, state);
    if (!isValidCallId(callId)) throw new Error(`call id ${JSON.stringify(callId)} is malformed`);
    switch (event) {
      case TelnyxEventType.Initiated: {
        if (payload.direction !== "incoming") {
          await engine.reportStatus(callId, CallStatus.Ringing);
          return;
        }
        const outcome = await admitInbound(engine, {
          callId,
          providerCallId: payload.call_control_id,
          provider: "telnyx",
          from: payload.from || "anonymous",
          to: payload.to ?? "",
        });
        // A refused caller is answered too, to hear why before the hang-up.
        if (outcome.kind === "refused" || outcome.fresh)
          await driver.answerCall(payload.call_control_id, callId);
        return;
      }
      case TelnyxEventType.Answered: {
        const call = await engine.deps.store.get(callId);
        if (!call) {
          await driver.hangUp(payload.call_control_id);
          return;
        }
        if (call.status === CallStatus.Rejected) await driver.refuse(call);
        else await driver.run(callId, answer);
        return;
      }
      case TelnyxEventType.SpeakEnded: {
        if (payload.status && payload.status !== "completed") return;
        if (state?.k === "hangup") await driver.hangUp(payload.call_control_id);
        else if (state?.k === "listen" && state.t) {
          const call = await engine.deps.store.get(callId);
          if (call && call.transport.phase === "listening") await driver.listen(call, state.t);
        }
        return;
      }
      case TelnyxEventType.Transcription: {
        const data = payload.transcription_data;
        if (!data || data.is_final === false || !state?.t) return;
        const turn = state.t;
        await driver.run(
          callId,
          (call, policy, now) => hearSpeech(call, turn, data.transcript, policy, now),
          (call) => driver.stopListening(call),
        );
        return;
      }
      case TelnyxEventType.Hangup:
        await engine.reportStatus(callId, fromTelnyxHangup(payload.hangup_cause));
        return;
      default:
        return;
    }
  };

  return async (request) => {
    const settings = engine.deps.settings();
    if (request.method !== "POST") return text(405, "Telnyx webhooks are POST requests");
    if (!settings.enabled)
      return text(503, "voice calls are disabled (plugins.entries.voice-call.enabled)");
    const publicKey = settings.telnyx.publicKey;
    if (!publicKey) {
      log.error(
        "a Telnyx webhook arrived but TELNYX_PUBLIC_KEY (telnyx.publicKey) is not set, so its signature cannot be checked",
      );
      return text(503, "the voice service has no Telnyx public key");
    }
    const refusal = checkTelnyxSignature({
      publicKey,
      signature: header(request.headers, "telnyx-signature-ed25519"),
      timestamp: header(request.headers, "telnyx-timestamp"),
      body: request.body,
      nowMs: engine.deps.now(),
    });
    if (refusal) {
      log.warn(`rejected a Telnyx webhook: ${refusal}`, {
        path: request.url.split("?")[0],
        remote: request.remoteAddress,
      });
      if (refusal === "bad-public-key")
        log.error("TELNYX_PUBLIC_KEY (telnyx.publicKey) is not a base64 Ed25519 public key");
      deps.count("rejected", 403);
      return text(403, "invalid Telnyx signature");
    }
    let json: unknown;
    try {
      json = JSON.parse(request.body);
    } catch (error) {
      deps.count("malformed", 400);
      return text(400, `the webhook body is not JSON: ${errorMessage(error)}`);
    }
    const parsed = telnyxEventSchema.safeParse(json);
    if (!parsed.success) {
      deps.count("malformed", 400);
      const issue = parsed.error.issues[0];
      return text(
        400,
        `not a Telnyx Call Control event: ${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"}`,
      );
    }
    const { event_type: event, payload } = parsed.data.data;
    try {
      await dispatch(event, payload);
      deps.count(event, 200);
      return text(200, "ok");
    } catch (error) {
      log.error(`Telnyx webhook ${event} failed`, {
        error,
        callControlId: payload.call_control_id,
      });
      deps.count(event, 500);
      return text(500, "the voice service could not handle this webhook");
    }
  };
}
