import { VoiceMockInbound, VoiceMockSay, type Bus, type VoiceMockReply } from "@clawfleet/bus";
import type { CallEngine, StepResult } from "../calls/call-engine.js";
import { isValidCallId } from "../calls/call-store.js";
import { admitInbound } from "../calls/inbound-calls.js";
import { newCallId } from "../calls/outbound-calls.js";
import { answer, hearSpeech, type CallAction } from "../domain/call-flow.js";
import { toCallRecord } from "../domain/stored-call.js";
import { VoiceError, VoiceErrorCode } from "../errors.js";

function spoken(actions: readonly CallAction[]): string[] {
  return actions.flatMap((action) => (action.kind === "say" ? [action.text] : []));
}

function reply(results: readonly StepResult[]): VoiceMockReply {
  const last = results.at(-1)!;
  return {
    spoken: results.flatMap((r) => spoken(r.actions)),
    ended: last.actions.some((a) => a.kind === "hangup"),
    call: toCallRecord(last.call),
  };
}

function requireMock(engine: CallEngine): void {
  const settings = engine.deps.settings();
  if (!settings.enabled)
    throw new VoiceError(
      VoiceErrorCode.Disabled,
      "voice calls are disabled: set plugins.entries.voice-call.enabled to true",
    );
  if (settings.provider !== "mock")
    throw new VoiceError(
      VoiceErrorCode.BadRequest,
      `voice.mock.* needs provider "mock" (the provider is ${settings.provider})`,
    );
}

/**
 * Provider `mock`: the CLI or the Control UI plays the caller. `voice.mock.inbound` rings in
 * through the inbound policy and the call cap; `voice.mock.say` speaks into a call (empty text is
 * silence) and returns what the call says back, waiting for the agent like a phone would.
 */
export function serveMockRpcs(
  bus: Bus,
  engine: CallEngine,
  signal: AbortSignal,
): ReturnType<Bus["serve"]>[] {
  return [
    bus.serve(VoiceMockInbound, {}, async ({ from, to }) => {
      requireMock(engine);
      const outcome = await admitInbound(engine, {
        callId: newCallId(engine.deps.now()),
        provider: "mock",
        from,
        to: to ?? engine.deps.settings().fromNumber ?? "mock",
      });
      if (outcome.kind === "refused")
        return { spoken: [outcome.text], ended: true, call: toCallRecord(outcome.call) };
      return reply([await engine.stepKnown(outcome.call.callId, answer)]);
    }),
    bus.serve(VoiceMockSay, {}, async ({ callId, text, waitMs }) => {
      requireMock(engine);
      if (!isValidCallId(callId))
        throw new VoiceError(
          VoiceErrorCode.BadRequest,
          `${JSON.stringify(callId)} is not a call id`,
        );
      const heard = await engine.stepKnown(callId, (call, policy, now) =>
        hearSpeech(call, call.transport.turn + 1, text, policy, now),
      );
      const waiting = heard.actions.length === 1 && heard.actions[0]?.kind === "wait";
      return reply(waiting ? [heard, await engine.awaitReply(callId, waitMs, signal)] : [heard]);
    }),
  ];
}
