import { submitInput, type Bus } from "@clawfleet/bus";
import type { OpenClawConfig } from "@clawfleet/config";
import type { Logger } from "@clawfleet/log";
import {
  acceptReply,
  hangUp,
  pollReply,
  reportStatus,
  type CallAction,
  type CallPolicy,
  type ReplyOutcome,
  type SubmitSpeech,
  type Transition,
} from "../domain/call-flow.js";
import type { CallStatus } from "../domain/call-status.js";
import { isCallOver, type PendingReply, type StoredCall } from "../domain/stored-call.js";
import { callPolicyOf, type VoiceSettings } from "../domain/voice-settings.js";
import { VoiceError, VoiceErrorCode } from "../errors.js";
import type { CallStore } from "./call-store.js";
import type { CallUpdates } from "./call-updates.js";
import type { Telephony } from "./telephony.js";

/** Everything the call flow reads and writes through. */
export interface CallDeps {
  bus: Bus;
  store: CallStore;
  updates: CallUpdates;
  telephony: () => Telephony;
  settings: () => VoiceSettings;
  config: () => OpenClawConfig;
  log: Logger;
  now: () => number;
}

/** A transition of the call flow, given the policy and the time. */
export type CallStep = (call: StoredCall, policy: CallPolicy, now: number) => Transition;

/** The state of a call after a step and what the call does next. */
export interface StepResult {
  call: StoredCall;
  actions: CallAction[];
}

const ACCOUNT = "default";

/**
 * Runs the call flow against KV: each step is a pure transition applied with compare-and-set; the
 * caller's words are submitted to the agent (idempotently, by turn) before the write; a call that
 * ends frees its capacity slot; every change is announced.
 */
export class CallEngine {
  constructor(readonly deps: CallDeps) {}

  /** The call-flow policy of the current settings. */
  policy(): CallPolicy {
    return callPolicyOf(this.deps.settings());
  }

  /** Applies one transition to a call; undefined when the call is unknown. */
  async step(callId: string, transition: CallStep): Promise<StepResult | undefined> {
    const policy = this.policy();
    const outcome = await this.deps.store.update(
      callId,
      (call) => {
        const result = transition(call, policy, this.deps.now());
        return { call: result.call, result };
      },
      async (result, current) => {
        if (result.submit) await this.#submit(current, result.submit);
      },
    );
    if (!outcome) return undefined;
    await this.#afterWrite(outcome.previous, outcome.call);
    return { call: outcome.call, actions: outcome.result.actions };
  }

  /** Like {@link step}, for a call that must exist. */
  async stepKnown(callId: string, transition: CallStep): Promise<StepResult> {
    const result = await this.step(callId, transition);
    if (!result) throw new VoiceError(VoiceErrorCode.NotFound, `no call ${callId}`);
    return result;
  }

  /**
   * Waits up to `waitMs` for the agent's reply to a thinking call and returns what to do: speak it,
   * apologise after the reply timeout, or (time up) keep waiting.
   */
  async awaitReply(callId: string, waitMs: number, signal?: AbortSignal): Promise<StepResult> {
    const deadline = this.deps.now() + waitMs;
    const watch = this.deps.updates.watch(callId);
    try {
      for (;;) {
        const result = await this.stepKnown(callId, pollReply);
        const waiting = result.actions.length === 1 && result.actions[0]?.kind === "wait";
        const left = deadline - this.deps.now();
        if (!waiting || left <= 0 || signal?.aborted) return result;
        await watch.next(Math.min(left, this.policy().replyTimeoutMs), signal);
      }
    } finally {
      watch.close();
    }
  }

  /** Stores an agent reply for the call to speak (a push provider speaks it at once). */
  async acceptReply(callId: string, reply: PendingReply): Promise<ReplyOutcome | "unknown-call"> {
    const outcome = await this.deps.store.update(callId, (call) => {
      const accepted = acceptReply(call, reply, this.deps.now());
      return { call: accepted.call, result: accepted.outcome };
    });
    if (!outcome) return "unknown-call";
    await this.#afterWrite(outcome.previous, outcome.call);
    const telephony = this.deps.telephony();
    if (outcome.result === "accepted" && telephony.deliverReply)
      await telephony
        .deliverReply(callId)
        .catch((error: unknown) =>
          this.deps.log.warn(`could not speak the reply to call ${callId}`, { error, callId }),
        );
    return outcome.result;
  }

  /** Records a provider status report. */
  async reportStatus(
    callId: string,
    status: CallStatus,
    reason?: string,
  ): Promise<StoredCall | undefined> {
    return (
      await this.step(callId, (call, _policy, now) => ({
        call: reportStatus(call, status, now, reason),
        actions: [],
      }))
    )?.call;
  }

  /** Ends a call from our side: hangs up at the provider when it was live, and records why. */
  async end(callId: string, reason: string): Promise<StoredCall> {
    const before = await this.deps.store.get(callId);
    if (!before) throw new VoiceError(VoiceErrorCode.NotFound, `no call ${callId}`);
    if (isCallOver(before)) return before;
    const { call } = await this.stepKnown(callId, (current, _policy, now) =>
      hangUp(current, reason, now),
    );
    if (before.providerCallId) {
      await this.deps
        .telephony()
        .hangUp(before.providerCallId, before.answeredAt !== undefined)
        .catch((error: unknown) =>
          this.deps.log.warn(`could not hang up call ${callId} at the provider`, { error }),
        );
    }
    return call;
  }

  async #afterWrite(previous: StoredCall, call: StoredCall): Promise<void> {
    if (call === previous) return;
    this.deps.updates.announce(call);
    if (!isCallOver(previous) && isCallOver(call)) {
      await this.deps.store
        .release(call.callId, this.deps.now())
        .catch((error: unknown) =>
          this.deps.log.warn(`could not free the slot of call ${call.callId}`, { error }),
        );
      this.deps.log.info(`call ${call.callId} ended (${call.endReason ?? call.status})`, {
        callId: call.callId,
        direction: call.direction,
      });
    }
  }

  async #submit(call: StoredCall, speech: SubmitSpeech): Promise<void> {
    const now = this.deps.now();
    const peer = { kind: "dm" as const, id: call.callId };
    const caller =
      (call.direction === "inbound" ? call.from : call.to).replace(/[\s:]/g, "") || "unknown";
    await submitInput(this.deps.bus, {
      id: speech.inputId,
      sessionKey: call.sessionKey,
      agentId: call.agentId ?? "main",
      text: speech.text,
      source: "voice",
      message: {
        channel: "voice",
        accountId: ACCOUNT,
        messageId: `${call.callId}-${speech.turn}`,
        peer,
        sender: { id: caller },
        text: speech.text,
        timestamp: now,
      },
      replyTarget: { channel: "voice", accountId: ACCOUNT, peer },
      runId: speech.inputId,
      trusted: false,
      receivedAt: now,
    });
  }
}
