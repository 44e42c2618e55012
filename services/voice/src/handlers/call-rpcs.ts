import {
  VoiceCallEnd,
  VoiceCallInitiate,
  VoiceCallList,
  VoiceCallStatus,
  type Bus,
} from "@clawfleet/bus";
import type { CallEngine } from "../calls/call-engine.js";
import { isValidCallId } from "../calls/call-store.js";
import { placeOutbound } from "../calls/outbound-calls.js";
import { isCallOver, toCallRecord } from "../domain/stored-call.js";
import { VoiceError, VoiceErrorCode } from "../errors.js";

function requireCallId(callId: string): string {
  if (!isValidCallId(callId))
    throw new VoiceError(VoiceErrorCode.BadRequest, `${JSON.stringify(callId)} is not a call id`);
  return callId;
}

/**
 * Serves `voicecall.initiate|status|end` (the gateway's methods, the CLI, the agents' `voice_call`
 * tool) and the call list, in their queue groups so any voice instance answers.
 */
export function serveCallRpcs(
  bus: Bus,
  engine: CallEngine,
  webhookUrl: () => string | undefined,
): ReturnType<Bus["serve"]>[] {
  return [
    bus.serve(VoiceCallInitiate, {}, async (request) =>
      toCallRecord(await placeOutbound(engine, request, webhookUrl())),
    ),
    bus.serve(VoiceCallStatus, {}, async ({ callId }) => {
      const call = await engine.deps.store.get(requireCallId(callId));
      if (!call) throw new VoiceError(VoiceErrorCode.NotFound, `no call ${callId}`);
      return toCallRecord(call);
    }),
    bus.serve(VoiceCallEnd, {}, async ({ callId }) =>
      toCallRecord(await engine.end(requireCallId(callId), "agent-hangup")),
    ),
    bus.serve(VoiceCallList, {}, async ({ limit, activeOnly }) => {
      const calls = await engine.deps.store.list(activeOnly ? 500 : limit);
      return {
        calls: calls
          .filter((call) => !activeOnly || !isCallOver(call))
          .slice(0, limit)
          .map((call) => toCallRecord(call, { transcript: false })),
      };
    }),
  ];
}
