import { errorMessage } from "@clawfleet/core";
import type { Logger } from "@clawfleet/log";
import type { CallEngine, StepResult } from "../calls/call-engine.js";
import { isValidCallId } from "../calls/call-store.js";
import { enforceLimits, hearSpeech, type CallAction } from "../domain/call-flow.js";
import { isCallOver, type StoredCall } from "../domain/stored-call.js";
import { clearMessage, parseStreamMessage } from "./media-messages.js";
import { EarlyReply } from "./early-reply.js";
import { IdleTimer } from "./idle-timer.js";
import { playSentences } from "./paced-playback.js";
import { splitSentences } from "./sentences.js";
import type { Transcriber, TranscriberEvents } from "./realtime-transcriber.js";
import type { SpeechSynth } from "./speech-synth.js";
import {
  endStream,
  markInterrupted,
  promptSilentCaller,
  requeueUnspoken,
  startStream,
} from "./stream-flow.js";

/** The WebSocket as the session sees it. */
export interface StreamSocket {
  send(text: string): void;
  close(code: number, reason: string): void;
}

/** What a stream session needs. */
export interface StreamSessionDeps {
  engine: CallEngine;
  /** Whether `token` is the stream token of `callId`. */
  verifyToken: (callId: string, token: string | undefined) => boolean;
  openTranscriber: (events: TranscriberEvents) => Promise<Transcriber>;
  synth: SpeechSynth;
  /** Points the call back at the webhook (REST), where the Gather loop takes over. */
  redirectToGather: (call: StoredCall) => Promise<void>;
  /** Hangs the call up at the provider. */
  hangUp: (call: StoredCall) => Promise<void>;
  log: Logger;
  /** How far ahead of real time audio is sent (Twilio buffers it; barge-in clears the buffer). */
  leadMs: number;
  /** Longest one wait for the agent's reply before looking again. */
  replyWaitMs: number;
  /** Caller silence after the assistant finished speaking before the call asks whether anyone is there. */
  idlePromptMs: () => number;
  signal: AbortSignal;
}

/**
 * One Twilio Media Stream: checks the `start` frame's token, feeds caller audio to the
 * transcriber, gives finished utterances to the agent through the call flow, speaks replies as
 * paced μ-law frames, clears playback when the caller talks over it, asks a silent caller whether
 * anyone is there (hanging up after the last unanswered prompt), and hands the call back to the
 * Gather loop when the stream cannot go on (bad frame, transcriber gone, TTS error).
 */
export class StreamSession {
  #call: { callId: string; streamSid: string; sessionKey: string } | undefined;
  /** The reply being spoken from the agent's deltas, until its complete text arrives. */
  #early: EarlyReply | undefined;
  #skipReplies = 0;
  #transcriber: Transcriber | undefined;
  #playback: AbortController | undefined;
  #queue: Promise<void> = Promise.resolve();
  #waiting = false;
  #over = false;
  #limitTimer: NodeJS.Timeout | undefined;
  readonly #life = new AbortController();
  readonly #idle = new IdleTimer(
    () => this.deps.idlePromptMs(),
    () => void this.#promptIdle(),
  );

  constructor(
    private readonly socket: StreamSocket,
    private readonly deps: StreamSessionDeps,
  ) {
    deps.signal.addEventListener("abort", () => this.#finish("the voice service is stopping"), {
      once: true,
    });
  }

  /** Whether a valid `start` frame arrived. */
  get started(): boolean {
    return this.#call !== undefined;
  }

  /** Handles one text frame from Twilio. */
  receive(text: string): void {
    const message = parseStreamMessage(text);
    if (typeof message === "string") {
      this.deps.log.warn(`malformed Media Streams frame: ${message.slice(0, 200)}`, {
        callId: this.#call?.callId,
      });
      if (this.#call) void this.#fallBack("a malformed stream frame");
      else this.#finish("malformed frame before start", 1008);
      return;
    }
    if (message.event === "start") void this.#start(message.streamSid, message.start);
    else if (message.event === "media") this.#transcriber?.append(message.media.payload);
    else if (message.event === "stop") this.#finish("Twilio stopped the stream");
  }

  /** The socket closed (Twilio hung up, the network, or we closed it). */
  closed(): void {
    this.#finish("the stream socket closed");
  }

  async #start(
    streamSid: string,
    start: { callSid: string; customParameters: Record<string, string> },
  ): Promise<void> {
    if (this.#call || this.#over) return;
    const callId = start.customParameters.callId ?? "";
    if (!isValidCallId(callId) || !this.deps.verifyToken(callId, start.customParameters.token)) {
      this.deps.log.warn("refused a media stream without a valid token", {
        callSid: start.callSid,
      });
      return this.#finish("invalid stream token", 1008);
    }
    this.#call = { callId, streamSid, sessionKey: "" };
    const started = await this.#step((call, _policy, now) => ({
      call: isCallOver(call) ? call : startStream(call, streamSid, now),
      actions: isCallOver(call) ? [{ kind: "hangup" }] : [],
    }));
    if (!started || isCallOver(started.call)) return this.#finish("the call is over");
    this.#call.sessionKey = started.call.sessionKey;
    this.deps.log.info(`media stream ${streamSid} serves call ${callId}`, { callId });
    this.#armTimeLimit(started.call);
    try {
      this.#transcriber = await this.deps.openTranscriber({
        onSpeechStarted: () => {
          this.#idle.clear();
          this.#bargeIn();
        },
        onTranscript: (words) => void this.#heard(words),
        onFailure: (reason) => void this.#fallBack(reason),
      });
    } catch (error) {
      return this.#fallBack(errorMessage(error) ?? "the transcriber did not connect");
    }
    if (this.#over) this.#transcriber.close();
    else this.#awaitReplies();
  }

  #armTimeLimit(call: StoredCall): void {
    const policy = this.deps.engine.policy();
    const left = (call.answeredAt ?? Date.now()) + policy.maxDurationMs - Date.now();
    this.#limitTimer = setTimeout(
      () =>
        void this.#step(
          (current, p, now) => enforceLimits(current, p, now) ?? { call: current, actions: [] },
        ).then((result) => result && this.#enqueue(result.actions, result.call)),
      Math.max(0, left) + 50,
    );
    this.#limitTimer.unref();
  }

  async #heard(words: string): Promise<void> {
    if (this.#over || !this.#call) return;
    // A noise that transcribes to nothing is no answer: the silence goes on counting.
    if (!words.trim()) {
      if (!this.#playback) this.#idle.arm();
      return;
    }
    this.#idle.clear();
    // A reply the caller talked over and then answered is not said when it arrives.
    if (this.#early?.interrupted) this.#skipReplies++;
    this.#early?.close();
    const early = new EarlyReply(this.deps.engine.deps.bus, this.#call.sessionKey, (sentences) => {
      this.#queue = this.#queue.then(async () => {
        if (!early.interrupted) await this.#say(sentences);
      });
    });
    this.#early = early;
    const result = await this.#step((call, policy, now) =>
      hearSpeech(call, call.transport.turn + 1, words, policy, now),
    );
    const inputId = result?.call.transport.awaiting?.inputId;
    if (inputId) early.follow(inputId);
    else early.close();
    if (!result) return;
    if (result.actions.some((a) => a.kind === "hangup")) this.#enqueue(result.actions, result.call);
    else this.#awaitReplies();
  }

  /** Waits (once at a time) for what the call says next: queued replies, the agent's answer, a timeout apology. */
  #awaitReplies(): void {
    if (this.#waiting || this.#over || !this.#call) return;
    this.#waiting = true;
    const { callId } = this.#call;
    void (async () => {
      try {
        for (;;) {
          const result = await this.deps.engine.awaitReply(
            callId,
            this.deps.replyWaitMs,
            this.#life.signal,
          );
          if (this.#over) return;
          const waiting = result.actions.length === 1 && result.actions[0]?.kind === "wait";
          if (!waiting) return this.#enqueue(result.actions, result.call, true);
        }
      } catch (error) {
        this.deps.log.warn(`waiting for the reply of call ${callId} failed`, { error, callId });
      } finally {
        this.#waiting = false;
      }
    })();
  }

  #enqueue(actions: CallAction[], call: StoredCall, reply = false): void {
    this.#queue = this.#queue.then(() => this.#perform(actions, call, reply));
  }

  /** Sentences to say for these actions; a reply that began from deltas says only its rest. */
  async #piecesOf(actions: CallAction[], reply: boolean): Promise<string[]> {
    const texts = actions.flatMap((a) => (a.kind === "say" ? [a.text] : []));
    if (reply && texts.length > 0 && this.#skipReplies > 0) {
      this.#skipReplies--;
      await this.#step((call, _policy, now) => ({ call: markInterrupted(call, now), actions: [] }));
      return [];
    }
    const early = reply && texts.length > 0 ? this.#early : undefined;
    if (!early) return texts.flatMap(splitSentences);
    this.#early = undefined;
    early.close();
    if (early.interrupted) {
      await this.#step((call, _policy, now) => ({ call: markInterrupted(call, now), actions: [] }));
      return [];
    }
    return early.sentences.remainder(texts.join(" "), splitSentences);
  }

  async #perform(actions: CallAction[], call: StoredCall, reply: boolean): Promise<void> {
    const pieces = await this.#piecesOf(actions, reply);
    const spoken = await this.#say(pieces);
    if (spoken === "failed") return;
    if (spoken === "done" && !this.#over && actions.some((a) => a.kind === "listen"))
      this.#idle.arm();
    if (actions.some((a) => a.kind === "hangup")) {
      await this.deps
        .hangUp(call)
        .catch((error: unknown) =>
          this.deps.log.warn(`could not hang up call ${call.callId}`, { error }),
        );
      this.#finish("the call ended");
    }
  }

  /** Speaks sentences (see {@link playSentences}); a speech error hands the call to the Gather loop. */
  async #say(pieces: string[]): Promise<"done" | "interrupted" | "failed"> {
    if (pieces.length === 0 || this.#over || !this.#call) return "done";
    this.#idle.clear();
    const playback = new AbortController();
    this.#playback = playback;
    const signal = AbortSignal.any([playback.signal, this.#life.signal]);
    const { streamSid } = this.#call;
    try {
      return await playSentences({
        pieces,
        synth: this.deps.synth,
        send: (text) => this.socket.send(text),
        streamSid,
        leadMs: this.deps.leadMs,
        signal,
      });
    } catch (error) {
      if (signal.aborted) return "interrupted";
      await this.#fallBack(errorMessage(error) ?? "speech failed", pieces.join(" "));
      return "failed";
    } finally {
      if (this.#playback === playback) this.#playback = undefined;
    }
  }

  #bargeIn(): void {
    const playback = this.#playback;
    if (!playback || playback.signal.aborted || !this.#call) return;
    playback.abort();
    this.socket.send(clearMessage(this.#call.streamSid));
    this.deps.log.info(`caller interrupted the reply on call ${this.#call.callId}`, {
      callId: this.#call.callId,
    });
    if (this.#early) {
      // The reply is not in the record yet: it is marked when its complete text arrives.
      this.#early.interrupted = true;
      return;
    }
    void this.#step((call, _policy, now) => ({ call: markInterrupted(call, now), actions: [] }));
  }

  /** The caller said nothing for `idlePromptMs`: prompt them, or say goodbye after the last prompt. */
  async #promptIdle(): Promise<void> {
    const result = await this.#step((call, policy, now) => promptSilentCaller(call, policy, now));
    if (result && !this.#over) this.#enqueue(result.actions, result.call);
  }

  /** Hands the call to the Gather loop (REST redirect), or ends it when that fails too. */
  async #fallBack(reason: string, unspoken?: string): Promise<void> {
    if (this.#over || !this.#call) return;
    const { callId } = this.#call;
    this.deps.log.warn(`media stream of call ${callId} falls back to the Gather loop: ${reason}`, {
      callId,
    });
    this.#finish(reason, 1011);
    const result = await this.#step((call, _policy, now) => ({
      call: unspoken ? requeueUnspoken(endStream(call, now), unspoken, now) : endStream(call, now),
      actions: [],
    }));
    if (!result || isCallOver(result.call)) return;
    await this.deps.redirectToGather(result.call).catch(async (error: unknown) => {
      this.deps.log.error(`could not hand call ${callId} to the Gather loop; ending it`, {
        error,
        callId,
      });
      await this.deps.engine.end(callId, "stream-failed").catch(() => undefined);
    });
  }

  #finish(reason: string, code = 1000): void {
    if (this.#over) return;
    this.#over = true;
    this.#early?.close();
    this.#idle.clear();
    clearTimeout(this.#limitTimer);
    this.#life.abort();
    this.#transcriber?.close();
    this.socket.close(code, reason.slice(0, 120));
    if (this.#call && code === 1000)
      void this.#step((call, _policy, now) => ({ call: endStream(call, now), actions: [] }));
  }

  async #step(transition: Parameters<CallEngine["step"]>[1]): Promise<StepResult | undefined> {
    if (!this.#call) return undefined;
    try {
      return await this.deps.engine.step(this.#call.callId, transition);
    } catch (error) {
      this.deps.log.warn(`updating call ${this.#call.callId} failed`, { error });
      return undefined;
    }
  }
}
