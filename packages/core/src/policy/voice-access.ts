import type { AccessDecision } from "./access-decision.js";
import { ACCEPT, deny } from "./access-decision.js";
import type { AllowEntry } from "./allow-from.js";

/** Who may call in (`plugins.entries.voice-call.config.inboundPolicy`); `disabled` is the default. */
export const VoiceInboundPolicies = ["disabled", "allowlist", "open"] as const;

/** One of the voice inbound policies. */
export type VoiceInboundPolicy = (typeof VoiceInboundPolicies)[number];

/** The voice-call config slice that governs inbound calls. */
export interface VoiceAccessConfig {
  inboundPolicy?: VoiceInboundPolicy;
  allowFrom?: readonly AllowEntry[];
}

function digits(value: AllowEntry): string {
  return String(value).replace(/\D/g, "");
}

/** Access for an inbound call: phone numbers are compared by their digits (`+1 (555) 010-0000` = `15550100000`). */
export function decideVoiceAccess(caller: string, config?: VoiceAccessConfig): AccessDecision {
  const policy = config?.inboundPolicy ?? "disabled";
  if (policy === "disabled") return deny("inbound calls are disabled (inboundPolicy: disabled)");
  if (policy === "open") return ACCEPT;
  const entries = config?.allowFrom ?? [];
  if (entries.some((entry) => String(entry).trim() === "*")) return ACCEPT;
  const callerDigits = digits(caller);
  const allowed = callerDigits !== "" && entries.some((entry) => digits(entry) === callerDigits);
  return allowed ? ACCEPT : deny(`caller ${caller} is not in allowFrom (inboundPolicy: allowlist)`);
}
