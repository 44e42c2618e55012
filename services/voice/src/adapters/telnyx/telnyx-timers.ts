import type { CallStep } from "../../calls/call-engine.js";
import { hearSilence, pollReply } from "../../domain/call-flow.js";
import type { CallTimer } from "../../domain/stored-call.js";

/** How long past its due time a timer waits for the instance that armed it before another runs it. */
export const TIMER_GRACE_MS = 2000;

/**
 * The step a timer runs when due: silence re-prompts a caller still listening, the reply timer
 * looks for the agent's reply (apologising once the reply timeout passed). Either is a no-op once
 * anything else changed the call, since every change made through the driver replaces the timer.
 */
export function timerStep(timer: CallTimer): CallStep {
  return (call, policy, now) => {
    const current = call.timer;
    if (current?.kind !== timer.kind || current.dueAt !== timer.dueAt) return { call, actions: [] };
    if (timer.kind === "reply") return pollReply(call, policy, now);
    return call.transport.phase === "listening"
      ? hearSilence(call, policy, now)
      : { call, actions: [] };
  };
}

/**
 * Wraps a step so that a change it makes replaces the call's timer: a reply timer when the call now
 * waits for the agent, none otherwise (listening arms silence only once the speech has ended).
 */
export function withTimers(step: CallStep): CallStep {
  return (call, policy, now) => {
    const next = step(call, policy, now);
    if (next.call === call) return next;
    const waits = next.actions.some((action) => action.kind === "wait");
    const timer: CallTimer | undefined = waits
      ? { kind: "reply", dueAt: now + policy.replyTimeoutMs + 500 }
      : undefined;
    return { ...next, call: { ...next.call, timer } };
  };
}

/** The step that arms the silence timer of a call listening since `updatedAt`; a no-op if it moved on. */
export function armSilence(updatedAt: number, silenceMs: number): CallStep {
  return (call, _policy, now) =>
    call.updatedAt === updatedAt && call.transport.phase === "listening"
      ? {
          call: { ...call, timer: { kind: "silence", dueAt: now + silenceMs }, updatedAt: now },
          actions: [],
        }
      : { call, actions: [] };
}
