import type { InboxInput, SessionState, StoredEntry, TranscriptEntry } from "@clawfleet/bus";
import type { ChatCommand } from "@clawfleet/core";
import { sessionToken } from "@clawfleet/core";
import { modelCandidates } from "../domain/models/agent-settings.js";
import {
  helpText,
  modelListText,
  statusText,
  whoamiText,
} from "../domain/conversation/command-text.js";
import { listConfiguredModels } from "../domain/models/configured-models.js";
import { resolveModelRef } from "../domain/models/model-ref.js";
import { resolveProvider } from "../domain/models/provider-settings.js";
import { turnKey } from "../domain/conversation/turn-ids.js";
import { replyFor, runIdsFor, runMessageTurn } from "../turn/message-turn.js";
import { RunEvents } from "../turn/run-events.js";
import type { SessionHold } from "../turn/state/session-hold.js";
import type { BatchRun, CommandDeps } from "../turn/turn-deps.js";
import type { TurnOutcome } from "../turn/turn-outcome.js";
import { compactCommand } from "./compact-command.js";
import { resetSession } from "./session-reset.js";
import { usageText } from "../domain/usage/session-usage.js";

/** A `/stop` within this long after a stopped turn confirms it; otherwise there was nothing to stop. */
const STOP_CONFIRM_WINDOW_MS = 120_000;

/** A command's answer: the text for the chat, its state change, its transcript entries. */
export type Answer = {
  text: string;
  patch?: (s: SessionState) => SessionState;
  transcript?: TranscriptEntry[];
};

function modelAnswer(
  env: CommandDeps["env"],
  run: BatchRun,
  state: SessionState,
  command: Extract<ChatCommand, { name: "model" }>,
): Answer {
  const { config, settings } = run;
  const current =
    modelCandidates(config, settings, state.modelOverride).refs[0]?.ref ?? settings.primary;
  if (command.action === "show")
    return {
      text: `Model: ${current}${state.modelOverride ? " (set for this session; /new resets it)" : ""}`,
    };
  if (command.action !== "set")
    return { text: modelListText(listConfiguredModels(config, env), current) };
  const ref = resolveModelRef(command.model, config.agents.defaults.models);
  if (!ref)
    return {
      text: `Unknown model "${command.model}": write provider/model (e.g. anthropic/claude-sonnet-4-5) or an alias from /model list.`,
    };
  const provider = resolveProvider(config, env, ref.provider);
  if (!provider.ok) return { text: `Can't use ${ref.ref}: ${provider.error}` };
  return {
    text: `Model set to ${ref.ref} for this session.`,
    patch: (s) => ({ ...s, modelOverride: ref.ref }),
  };
}

function answerFor(
  env: CommandDeps["env"],
  run: BatchRun,
  state: SessionState,
  input: InboxInput,
  command: ChatCommand,
): Answer {
  const { config, settings } = run;
  switch (command.name) {
    case "help":
      return { text: helpText(config.session.resetTriggers) };
    case "whoami":
      return { text: whoamiText(input) };
    case "stop":
      return {
        text:
          state.abortedAt !== undefined && Date.now() - state.abortedAt < STOP_CONFIRM_WINDOW_MS
            ? "⏹ Stopped."
            : "Nothing is running.",
      };
    case "status": {
      const refs = modelCandidates(config, settings, state.modelOverride).refs.map((r) => r.ref);
      return {
        text: statusText({
          state,
          agentName: settings.name,
          model: refs[0] ?? settings.primary,
          modelSource: state.modelOverride ? "session" : "config",
          fallbacks: refs.slice(1),
          queueMode: config.messages.queue.mode,
          now: Date.now(),
        }),
      };
    }
    case "model":
      return modelAnswer(env, run, state, command);
    case "usage":
      return {
        text: usageText(
          state,
          state.lastModel ?? modelCandidates(config, settings, state.modelOverride).refs[0]?.ref,
        ),
      };
    case "compact":
      throw new Error("/compact is answered by compactCommand");
    case "new":
    case "reset": {
      const ref = command.model
        ? resolveModelRef(command.model, config.agents.defaults.models)
        : undefined;
      const note = ref ? ` Model: ${ref.ref}.` : "";
      return {
        text: `✅ New session started.${note}`,
        patch: (s) => resetSession(s, Date.now(), ref?.ref),
      };
    }
  }
}

/**
 * Answers a chat command from the session's inbox (`/new`, `/reset`, `/status`, `/model`,
 * `/compact`, `/usage`, `/stop`, `/help`, `/whoami`): the answer goes to the chat and the UI like a reply, and its state change is
 * committed with it. `/new <text>` starts the new session and answers the text in it.
 */
export async function runCommand(
  deps: CommandDeps,
  hold: SessionHold,
  entry: StoredEntry<InboxInput>,
  command: ChatCommand,
  run: BatchRun,
): Promise<TurnOutcome> {
  const input = entry.data;
  const state = hold.value;
  const key = turnKey(entry.seq, entry.seq);
  const ids = runIdsFor(state.key, [entry]);
  const answer =
    command.name === "compact"
      ? await compactCommand(deps, run, state, ids.runId, command.instructions)
      : answerFor(deps.env, run, state, input, command);
  if ((command.name === "new" || command.name === "reset") && command.rest) {
    await hold.update(answer.patch ?? ((s) => s));
    deps.history.forget(sessionToken(state.key));
    return runMessageTurn(deps, hold, [{ ...entry, data: { ...input, text: command.rest } }], run);
  }
  const events = new RunEvents(deps.bus, state.key, sessionToken(state.key), ids.runId, ids.runIds);
  events.emit({ type: "lifecycle", phase: "start" });
  events.emit({ type: "final", text: answer.text, silent: false });
  events.emit({ type: "lifecycle", phase: "end" });
  if (command.name === "new" || command.name === "reset")
    deps.history.forget(sessionToken(state.key));
  return {
    turnKey: key,
    lastSeq: entry.seq,
    replies: replyFor(state.key, key, input, answer.text, undefined),
    transcript: answer.transcript ?? [],
    patch: answer.patch ?? ((s) => s),
  };
}
