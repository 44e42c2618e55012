import { decideVoiceAccess } from "@clawfleet/core";
import { CallStatus } from "../domain/call-status.js";
import { routeCall } from "../domain/call-route.js";
import type { StoredCall } from "../domain/stored-call.js";
import { SLOT_GRACE_MS } from "../domain/voice-settings.js";
import type { CallEngine } from "./call-engine.js";

/** What a refused caller hears. */
export const RefusalPhrases = {
  "not-allowed": "Sorry, this number cannot take your call. Goodbye.",
  busy: "Sorry, all lines are busy right now. Please call again later. Goodbye.",
} as const;

/** Why an inbound call was refused. */
export type RefusalReason = keyof typeof RefusalPhrases;

/** Someone calls in. */
export interface IncomingCall {
  callId: string;
  providerCallId?: string;
  provider: string;
  from: string;
  to: string;
}

/** The call was taken (a new one, or a repeated first webhook of a known one), or refused politely. */
export type InboundOutcome =
  | { kind: "admitted"; call: StoredCall; fresh: boolean }
  | { kind: "refused"; call: StoredCall; reason: RefusalReason; text: string };

function refusalOf(call: StoredCall): InboundOutcome | undefined {
  const reason =
    call.endReason === "not-allowed" || call.endReason === "busy" ? call.endReason : undefined;
  return reason && call.status === CallStatus.Rejected
    ? { kind: "refused", call, reason, text: RefusalPhrases[reason] }
    : undefined;
}

/**
 * Admits an inbound call: `inboundPolicy`/`allowFrom` first, then a slot under
 * `maxConcurrentCalls`; a refused call is recorded too (status `rejected`) and hears why.
 */
export async function admitInbound(
  engine: CallEngine,
  incoming: IncomingCall,
): Promise<InboundOutcome> {
  const { store, settings, config, now, log } = engine.deps;
  const known = await store.get(incoming.callId);
  if (known) return refusalOf(known) ?? { kind: "admitted", call: known, fresh: false };
  const current = settings();
  const at = now();
  const route = routeCall(config(), incoming.from);
  const call: StoredCall = {
    callId: incoming.callId,
    providerCallId: incoming.providerCallId,
    provider: incoming.provider,
    direction: "inbound",
    from: incoming.from,
    to: incoming.to,
    status: CallStatus.Ringing,
    mode: "conversation",
    sessionKey: route.sessionKey,
    agentId: route.agentId,
    startedAt: at,
    updatedAt: at,
    transport: { kind: "gather", phase: "ringing", turn: 0, silentPrompts: 0 },
    transcript: [],
    pending: [],
    delivered: [],
  };
  const access = decideVoiceAccess(incoming.from, current.access);
  let refusal: RefusalReason | undefined = access.action === "accept" ? undefined : "not-allowed";
  if (!refusal) {
    const admission = await store.admit(
      call.callId,
      current.maxConcurrentCalls,
      at,
      current.maxDurationMs + SLOT_GRACE_MS,
    );
    if (!admission.ok) refusal = "busy";
  }
  if (refusal) {
    const rejected: StoredCall = {
      ...call,
      status: CallStatus.Rejected,
      endedAt: at,
      endReason: refusal,
      transport: { ...call.transport, phase: "ended" },
    };
    const created = await store.create(rejected);
    const stored = created ? rejected : ((await store.get(call.callId)) ?? rejected);
    log.info(
      `refused an inbound call from ${incoming.from}: ${access.action === "accept" ? `${current.maxConcurrentCalls} call(s) live already (maxConcurrentCalls)` : access.reason}`,
      { callId: call.callId },
    );
    if (created) engine.deps.updates.announce(rejected);
    return refusalOf(stored) ?? { kind: "admitted", call: stored, fresh: false };
  }
  if (!(await store.create(call))) {
    const existing = await store.get(call.callId);
    if (existing) return refusalOf(existing) ?? { kind: "admitted", call: existing, fresh: false };
  }
  log.info(`inbound call from ${incoming.from} → session ${call.sessionKey}`, {
    callId: call.callId,
  });
  engine.deps.updates.announce(call);
  return { kind: "admitted", call, fresh: true };
}
