import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { withHistory, type ChatMessage } from "./chat-messages.js";

const said = (text: string, state: ChatMessage["state"] = "done"): ChatMessage => ({
  role: "user",
  text,
  state,
});
const reply = (text: string, state: ChatMessage["state"]): ChatMessage => ({
  role: "assistant",
  text,
  state,
  runIds: [`run-${text}`],
});

describe("the chat log when a history page arrives", () => {
  it("keeps a message sent while the history loaded, and its reply, after the page", () => {
    const page = [said("earlier"), reply("earlier answer", "done")];
    const current = [said("typed at once"), reply("streaming answer", "streaming")];
    assert.deepEqual(withHistory(page, current, 0), [...page, ...current]);
  });

  it("replaces what was shown before the request, except replies still streaming", () => {
    const page = [said("a"), reply("a answer", "done")];
    const before = [said("a"), reply("a answer", "done"), reply("live", "streaming")];
    const since = [said("new")];
    assert.deepEqual(withHistory(page, [...before, ...since], before.length), [
      ...page,
      reply("live", "streaming"),
      said("new"),
    ]);
  });

  it("is the page alone when nothing was shown or sent", () => {
    assert.deepEqual(withHistory([said("only")], [], 0), [said("only")]);
  });
});
