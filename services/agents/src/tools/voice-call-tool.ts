import { errorMessage } from "@clawfleet/core";
import { BusError, BusErrorCode, VoiceCallInitiate, type Bus } from "@clawfleet/bus";
import { stringField, toolError, type AgentTool } from "./agent-tool.js";

/** `voice_call`: places a phone call through the voice service (`voice.call.initiate`). */
export function voiceCallTool(bus: Bus): AgentTool {
  return {
    spec: {
      name: "voice_call",
      description:
        "Place a phone call. mode notify speaks `message` and hangs up; conversation lets the callee talk with you.",
      inputSchema: {
        type: "object",
        properties: {
          to: { type: "string", description: "E.164 number, e.g. +15551234567" },
          message: { type: "string" },
          mode: { type: "string", enum: ["notify", "conversation"] },
        },
        required: ["to"],
      },
    },
    async run(input, ctx) {
      const to = stringField(input, "to");
      if (!to) return toolError("voice_call needs a number in `to`");
      const mode = stringField(input, "mode") === "conversation" ? "conversation" : "notify";
      try {
        const call = await bus.request(
          VoiceCallInitiate,
          {},
          { to, message: stringField(input, "message"), mode, agentId: ctx.agentId },
        );
        return { content: `call ${call.callId} to ${call.to}: ${call.status}` };
      } catch (error) {
        if (error instanceof BusError && error.code === BusErrorCode.NoResponders)
          return toolError(
            "voice service is not running: start it (`clawfleet voice`) to place calls",
          );
        if (error instanceof BusError && error.code === BusErrorCode.Timeout)
          return toolError("the voice service did not answer in time");
        return toolError(`voice_call failed: ${errorMessage(error)}`);
      }
    },
  };
}
