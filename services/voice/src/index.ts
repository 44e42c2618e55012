import type { ServiceDefinition } from "@clawfleet/runtime";
import { startVoice } from "./main.js";

/** The voice service: Twilio phone calls with the agent, with an optional ngrok tunnel. */
export const voiceService: ServiceDefinition = {
  name: "voice",
  description: "Twilio phone calls with the agent, with an optional ngrok tunnel.",
  start: startVoice,
};
