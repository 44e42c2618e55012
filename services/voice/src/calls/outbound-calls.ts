import { errorMessage } from "@clawfleet/core";
import { randomBytes } from "node:crypto";
import { answer, reportStatus } from "../domain/call-flow.js";
import { CallStatus } from "../domain/call-status.js";
import { routeCall } from "../domain/call-route.js";
import type { StoredCall } from "../domain/stored-call.js";
import { callbackUrl, SLOT_GRACE_MS } from "../domain/voice-settings.js";
import { VoiceError, VoiceErrorCode } from "../errors.js";
import type { CallEngine } from "./call-engine.js";

/** An outbound call to place. */
export interface OutboundRequest {
  to?: string;
  message?: string;
  mode: "notify" | "conversation";
  agentId?: string;
}

const E164 = /^\+[1-9]\d{1,14}$/;

/** A new call id: time-ordered, a valid KV key and subject token. */
export function newCallId(now: number): string {
  return `call-${now.toString(36)}-${randomBytes(5).toString("hex")}`;
}

function requireSettings(
  engine: CallEngine,
  request: OutboundRequest,
  webhookUrl: string | undefined,
) {
  const settings = engine.deps.settings();
  if (!settings.enabled)
    throw new VoiceError(
      VoiceErrorCode.Disabled,
      "voice calls are disabled: set plugins.entries.voice-call.enabled to true",
    );
  const to = (request.to ?? settings.toNumber ?? "").replace(/[\s()-]/g, "");
  if (!to)
    throw new VoiceError(
      VoiceErrorCode.BadRequest,
      "no number to call: pass `to` or set plugins.entries.voice-call.config.toNumber",
    );
  if (!E164.test(to))
    throw new VoiceError(
      VoiceErrorCode.BadRequest,
      `${JSON.stringify(request.to ?? settings.toNumber)} is not an E.164 number (like +15550001234)`,
    );
  if (request.mode === "notify" && !request.message?.trim())
    throw new VoiceError(VoiceErrorCode.BadRequest, "a notify call needs a message to say");
  if (settings.provider !== "mock") {
    const name = settings.provider === "telnyx" ? "Telnyx" : "Twilio";
    if (!settings.fromNumber)
      throw new VoiceError(
        VoiceErrorCode.NotConfigured,
        `set plugins.entries.voice-call.config.fromNumber (your ${name} number) to place calls`,
      );
    if (!webhookUrl)
      throw new VoiceError(
        VoiceErrorCode.NotConfigured,
        `no public URL for ${name}'s webhooks: set plugins.entries.voice-call.config.publicUrl or a tunnel.provider`,
      );
  }
  return { settings, to };
}

/**
 * Places an outbound call: takes a capacity slot, records the call, asks the provider to dial with
 * the answer URL and status callback on the public webhook URL, and records the provider's call id.
 * The mock provider answers at once, so its message is spoken before this returns.
 */
export async function placeOutbound(
  engine: CallEngine,
  request: OutboundRequest,
  webhookUrl: string | undefined,
): Promise<StoredCall> {
  const { settings, to } = requireSettings(engine, request, webhookUrl);
  const { store, now, telephony, log } = engine.deps;
  const at = now();
  const callId = newCallId(at);
  const route = routeCall(engine.deps.config(), to, request.agentId);
  const admission = await store.admit(
    callId,
    settings.maxConcurrentCalls,
    at,
    settings.maxDurationMs + SLOT_GRACE_MS,
  );
  if (!admission.ok)
    throw new VoiceError(
      VoiceErrorCode.AtCapacity,
      `${admission.active} call(s) live already (maxConcurrentCalls ${settings.maxConcurrentCalls}); try again when one ends`,
    );
  const provider = telephony();
  const call: StoredCall = {
    callId,
    provider: provider.name,
    direction: "outbound",
    from: settings.fromNumber ?? "mock",
    to,
    status: CallStatus.Initiated,
    mode: request.mode,
    sessionKey: route.sessionKey,
    agentId: route.agentId,
    startedAt: at,
    updatedAt: at,
    message: request.message?.trim() || undefined,
    transport: { kind: "gather", phase: "ringing", turn: 0, silentPrompts: 0 },
    transcript: [],
    pending: [],
    delivered: [],
  };
  await store.create(call);
  engine.deps.updates.announce(call);
  let placed;
  try {
    placed = await provider.placeCall({
      callId,
      to,
      from: call.from,
      timeLimitSeconds: Math.round(settings.maxDurationMs / 1000),
      answerUrl: webhookUrl ? callbackUrl(webhookUrl, { callId, event: "answer" }) : "",
      statusUrl: webhookUrl ? callbackUrl(webhookUrl, { callId, event: "status" }) : "",
    });
  } catch (error) {
    await engine.step(callId, (current, _policy, time) => ({
      call: {
        ...reportStatus(current, CallStatus.Failed, time, "failed"),
        error: errorMessage(error),
      },
      actions: [],
    }));
    throw error;
  }
  log.info(`calling ${to} (${request.mode}) → session ${call.sessionKey}`, {
    callId,
    providerCallId: placed.providerCallId,
  });
  await engine.stepKnown(callId, (current) => ({
    call: { ...current, providerCallId: placed.providerCallId },
    actions: [],
  }));
  if (provider.name === "mock") {
    await engine.reportStatus(callId, placed.status);
    return (await engine.stepKnown(callId, answer)).call;
  }
  return (await engine.reportStatus(callId, placed.status)) ?? call;
}
