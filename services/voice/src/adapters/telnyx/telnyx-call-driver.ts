import { errorMessage } from "@clawfleet/core";
import type { Logger } from "@clawfleet/log";
import type { CallEngine, CallStep } from "../../calls/call-engine.js";
import { RefusalPhrases } from "../../calls/inbound-calls.js";
import { pollReply, type CallAction } from "../../domain/call-flow.js";
import { isCallOver, type CallTimer, type StoredCall } from "../../domain/stored-call.js";
import { CALL_ENDED_CODE, TelnyxApiError, type TelnyxApi } from "./telnyx-api.js";
import { encodeClientState, type ClientState } from "./telnyx-client-state.js";
import { armSilence, TIMER_GRACE_MS, timerStep, withTimers } from "./telnyx-timers.js";

/** Timing of the Telnyx speech loop. */
export interface TelnyxDriverOptions {
  /** How long the call listens without a final transcript before it counts as silence. */
  silenceMs: number;
}

/** Telnyx's voice and language for `speak`. */
const VOICE = { voice: "female", language: "en-US" } as const;

/**
 * Runs the shared call flow over Telnyx Call Control: a transition's actions become REST commands
 * (`speak` with what to do when it ends in `client_state`, `transcription_start` to listen,
 * `hangup`), since Telnyx asks for no markup in its webhook answers. Silence and the agent's reply
 * timeout are kept in the call record (`timer`) and run by the instance that armed them; when that
 * instance dies, {@link runOverdueTimers} on any other runs them (as Twilio's Gather timeout and
 * wait redirects reach any instance).
 */
export class TelnyxCallDriver {
  readonly #timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly engine: CallEngine,
    private readonly api: TelnyxApi,
    private readonly log: Logger,
    private readonly options: TelnyxDriverOptions,
  ) {}

  /**
   * Applies a transition and performs its actions when it changed the record, so a webhook Telnyx
   * repeats (or a reply announced twice) does nothing twice.
   */
  async run(
    callId: string,
    transition: CallStep,
    beforeActions?: (call: StoredCall) => Promise<void>,
  ): Promise<StoredCall | undefined> {
    let input: StoredCall | undefined;
    const step = withTimers(transition);
    const result = await this.engine.step(callId, (call, policy, now) => {
      input = call;
      return step(call, policy, now);
    });
    if (!result) return undefined;
    if (result.call === input) return result.call;
    await beforeActions?.(result.call);
    await this.perform(result.call, result.actions);
    return result.call;
  }

  /** Speaks a reply the outbox just stored (Telnyx sends no webhook that would fetch it). */
  async deliverReply(callId: string): Promise<void> {
    await this.run(callId, pollReply);
  }

  /** Turns call actions into commands: one `speak` for what is said, then listen, hang up or wait. */
  async perform(call: StoredCall, actions: readonly CallAction[]): Promise<void> {
    const id = call.providerCallId;
    if (!id) return;
    this.#clearTimer(call.callId);
    const text = actions
      .flatMap((action) => (action.kind === "say" ? [action.text] : []))
      .join(" ")
      .trim();
    const listen = actions.find((action) => action.kind === "listen");
    const stamp = `${call.callId}-${call.updatedAt}`;
    if (actions.some((action) => action.kind === "hangup")) {
      if (text) await this.speak(id, text, { c: call.callId, k: "hangup" }, stamp);
      else await this.hangUp(id, stamp);
      return;
    }
    if (listen?.kind === "listen") {
      if (text) await this.speak(id, text, { c: call.callId, k: "listen", t: listen.turn }, stamp);
      else await this.listen(call, listen.turn);
      return;
    }
    if (actions.some((action) => action.kind === "wait") && call.timer) this.#arm(call, call.timer);
  }

  /**
   * Runs the timers of live calls that are past due by more than {@link TIMER_GRACE_MS}: those of an
   * instance that died (or stopped) before they fired. Safe on every instance at once.
   */
  async runOverdueTimers(): Promise<number> {
    const { store, now } = this.engine.deps;
    let ran = 0;
    for (const callId of await store.liveIds(now())) {
      const call = await store.get(callId);
      const timer = call?.timer;
      if (!call || !timer || isCallOver(call) || call.provider !== "telnyx") continue;
      if (now() < timer.dueAt + TIMER_GRACE_MS || this.#timers.has(callId)) continue;
      this.log.info(`Telnyx call ${callId}: running its overdue ${timer.kind} timer here`, {
        callId,
      });
      await this.run(callId, timerStep(timer), (current) =>
        timer.kind === "silence" ? this.stopListening(current) : Promise.resolve(),
      );
      ran++;
    }
    return ran;
  }

  /** Answers an inbound call; its webhooks carry the call id from then on. */
  async answerCall(callControlId: string, callId: string): Promise<void> {
    await this.#command(callControlId, "answer", {
      client_state: encodeClientState({ c: callId }),
      command_id: `answer-${callId}`,
    });
  }

  /** Says the refusal of a refused inbound call once it is answered, then hangs up. */
  async refuse(call: StoredCall): Promise<void> {
    if (!call.providerCallId) return;
    const reason = call.endReason === "busy" ? "busy" : "not-allowed";
    await this.speak(call.providerCallId, RefusalPhrases[reason], {
      c: call.callId,
      k: "hangup",
    });
  }

  /** Starts the silence timer (in the record first, so a survivor runs it) and transcribing turn `turn`. */
  async listen(call: StoredCall, turn: number): Promise<void> {
    if (!call.providerCallId) return;
    const armed = await this.engine.step(
      call.callId,
      armSilence(call.updatedAt, this.options.silenceMs),
    );
    await this.#command(call.providerCallId, "transcription_start", {
      transcription_engine: "Telnyx",
      transcription_tracks: "inbound",
      client_state: encodeClientState({ c: call.callId, t: turn }),
      command_id: `listen-${call.callId}-${turn}-${call.updatedAt}`,
    });
    if (armed?.call.timer?.kind === "silence") this.#arm(armed.call, armed.call.timer);
  }

  /** Stops transcribing (the caller's turn is over); a failure is logged, never fatal. */
  async stopListening(call: StoredCall): Promise<void> {
    if (!call.providerCallId) return;
    await this.#command(call.providerCallId, "transcription_stop", {}).catch((error: unknown) =>
      this.log.info(`Telnyx call ${call.callId}: transcription_stop: ${errorMessage(error)}`, {
        callId: call.callId,
      }),
    );
  }

  /** Hangs up the call (no error when it already ended). */
  async hangUp(callControlId: string, stamp?: string): Promise<void> {
    await this.#command(callControlId, "hangup", stamp ? { command_id: `hangup-${stamp}` } : {});
  }

  /** Forgets this instance's timers (service stop). */
  stop(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }

  private async speak(
    callControlId: string,
    text: string,
    state: ClientState,
    stamp?: string,
  ): Promise<void> {
    await this.#command(callControlId, "speak", {
      payload: text.slice(0, 3000),
      payload_type: "text",
      ...VOICE,
      client_state: encodeClientState(state),
      ...(stamp ? { command_id: `speak-${stamp}` } : {}),
    });
  }

  async #command(id: string, action: string, body: Record<string, unknown>): Promise<void> {
    try {
      await this.api.command(id, action, body);
    } catch (error) {
      if (error instanceof TelnyxApiError && error.telnyxCode === CALL_ENDED_CODE) return;
      throw error;
    }
  }

  /** Runs the call's timer here when due (the record keeps it for the other instances). */
  #arm(call: StoredCall, due: CallTimer): void {
    const { callId } = call;
    this.#clearTimer(callId);
    const beforeActions = (current: StoredCall) =>
      due.kind === "silence" ? this.stopListening(current) : Promise.resolve();
    const timer = setTimeout(
      () => {
        this.#timers.delete(callId);
        this.run(callId, timerStep(due), beforeActions).catch((error: unknown) =>
          this.log.warn(`Telnyx call ${callId}: a timed step failed: ${errorMessage(error)}`, {
            callId,
          }),
        );
      },
      Math.max(0, due.dueAt - this.engine.deps.now()),
    );
    timer.unref();
    this.#timers.set(callId, timer);
  }

  #clearTimer(callId: string): void {
    clearTimeout(this.#timers.get(callId));
    this.#timers.delete(callId);
  }
}
