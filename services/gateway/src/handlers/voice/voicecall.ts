import { VoiceCallEnd, VoiceCallInitiate, VoiceCallStatus, CallModes } from "@clawfleet/bus";
import * as z from "zod";
import { callService } from "../../bus/call-service.js";
import { Scope } from "../../protocol/scopes.js";
import type { GatewayDeps } from "../gateway-deps.js";
import { defineMethod, type MethodDef } from "../method.js";

const initiateSchema = z.looseObject({
  /** The configured `toNumber` when absent. */
  to: z.string().min(1).max(64).optional(),
  message: z.string().max(4000).optional(),
  mode: z.enum(CallModes).optional(),
  agentId: z.string().max(64).optional(),
  idempotencyKey: z.string().min(1).max(512).optional(),
});
const callSchema = z.looseObject({ callId: z.string().min(1).max(128) });

/** `voicecall.initiate`, `voicecall.status`, `voicecall.end`: phone calls through the voice service. */
export function voicecallMethods(deps: GatewayDeps): MethodDef[] {
  return [
    defineMethod("voicecall.initiate", Scope.Write, initiateSchema, async (params) =>
      deps.idempotency.run("voicecall.initiate", params.idempotencyKey, async () => {
        const request: z.input<typeof VoiceCallInitiate.schema> = {};
        if (params.to) request.to = params.to;
        if (params.message !== undefined) request.message = params.message;
        if (params.mode) request.mode = params.mode;
        if (params.agentId) request.agentId = params.agentId;
        return callService(deps.bus, "voice", VoiceCallInitiate, {}, request);
      }),
    ),
    defineMethod("voicecall.status", Scope.Read, callSchema, (params) =>
      callService(deps.bus, "voice", VoiceCallStatus, {}, { callId: params.callId }),
    ),
    defineMethod("voicecall.end", Scope.Write, callSchema, (params) =>
      callService(deps.bus, "voice", VoiceCallEnd, {}, { callId: params.callId }),
    ),
  ];
}
