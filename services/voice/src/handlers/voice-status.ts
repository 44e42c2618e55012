import {
  VoiceStatus,
  VoiceWebhook,
  type Bus,
  type ForwardedHttpRequest,
  type ForwardedHttpResponse,
  type VoiceServiceStatus,
} from "@clawfleet/bus";

/**
 * Serves `voice.status` (ingress, tunnel and capacity of the instance that answers) and
 * `voice.webhook` (Twilio webhooks the gateway forwards from `/voice/*`).
 */
export function serveIngressRpcs(
  bus: Bus,
  status: () => Promise<VoiceServiceStatus>,
  handleWebhook: (request: ForwardedHttpRequest) => Promise<ForwardedHttpResponse>,
): ReturnType<Bus["serve"]>[] {
  return [
    bus.serve(VoiceStatus, {}, () => status()),
    bus.serve(VoiceWebhook, {}, (request) => handleWebhook(request)),
  ];
}
