import type { InboxInput, StoredEntry } from "@clawfleet/bus";
import { parseChatCommand, type ChatCommand, type ChatCommandContext } from "@clawfleet/core";

/** What the next turn of a session handles. */
export type Batch =
  | { kind: "command"; entry: StoredEntry<InboxInput>; command: ChatCommand }
  | { kind: "message"; entries: StoredEntry<InboxInput>[] };

/** Where a reply for an input goes: one key per chat (and thread); `events` for inputs answered only on the UI. */
export function destinationKey(input: InboxInput): string {
  const target = input.replyTarget;
  if (!target) return "events";
  return [
    target.channel,
    target.accountId,
    target.peer.kind,
    target.peer.id,
    target.threadId ?? "",
  ].join("|");
}

/**
 * Picks the next batch from a session's pending inputs (oldest first). A chat command is a batch of
 * its own. `followup` takes one message per turn; `collect` folds consecutive messages bound for
 * the same chat into one turn, at most `cap` of them, so every chat gets its own reply.
 */
export function nextBatch(
  pending: readonly StoredEntry<InboxInput>[],
  options: { mode: "collect" | "followup"; cap: number; commands: ChatCommandContext },
): Batch | undefined {
  const first = pending[0];
  if (!first) return undefined;
  const command = parseChatCommand(first.data.text, options.commands);
  if (command) return { kind: "command", entry: first, command };
  const entries = [first];
  if (options.mode === "collect") {
    const destination = destinationKey(first.data);
    for (const entry of pending.slice(1)) {
      if (entries.length >= options.cap) break;
      if (
        destinationKey(entry.data) !== destination ||
        parseChatCommand(entry.data.text, options.commands)
      )
        break;
      entries.push(entry);
    }
  }
  return { kind: "message", entries };
}
