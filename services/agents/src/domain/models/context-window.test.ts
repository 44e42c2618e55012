import assert from "node:assert/strict";
import { test } from "node:test";
import { OpenClawConfigSchema } from "@clawfleet/config";
import type { ChatMessage } from "./chat-model.js";
import {
  fitContext,
  IMAGE_TOKENS,
  mergeRoles,
  messageTokens,
  modelLimits,
} from "./context-window.js";
import { parseModelRef } from "./model-ref.js";

const text = (role: "user" | "assistant", t: string): ChatMessage => ({
  role,
  content: [{ type: "text", text: t }],
});

test("oldest turns are dropped first; the latest input always stays", () => {
  const history = [
    text("user", "a".repeat(400)),
    text("assistant", "b".repeat(400)),
    text("user", "c".repeat(400)),
    text("assistant", "d".repeat(400)),
  ];
  const latest = [text("user", "latest")];
  const budget =
    messageTokens(latest[0]!) + messageTokens(history[2]!) + messageTokens(history[3]!) + 20;
  const { messages, dropped } = fitContext(history, latest, budget, 20);
  assert.equal(dropped, 2);
  assert.deepEqual(
    messages.map((m) => (m.content[0] as { text: string }).text[0]),
    ["c", "d", "l"],
  );
});

test("the kept history never opens with an assistant message", () => {
  const history = [text("user", "u".repeat(400)), text("assistant", "x".repeat(40))];
  const latest = [text("user", "now")];
  const { messages } = fitContext(
    history,
    latest,
    messageTokens(history[1]!) + messageTokens(latest[0]!) + 5,
    0,
  );
  assert.deepEqual(
    messages.map((m) => m.role),
    ["user"],
  );
});

test("a latest input larger than the window is still sent (the provider reports it)", () => {
  const latest = [text("user", "z".repeat(10_000))];
  assert.equal(fitContext([text("user", "old")], latest, 100, 50).messages.length, 1);
});

test("consecutive messages of one role are merged", () => {
  const merged = mergeRoles([text("user", "a"), text("user", "b"), text("assistant", "c")]);
  assert.equal(merged.length, 2);
  assert.equal(merged[0]!.content.length, 2);
});

test("window and output budget come from contextTokens, the provider's model list, then known families", () => {
  const config = OpenClawConfigSchema.parse({
    models: {
      providers: {
        local: {
          baseUrl: "http://h/v1",
          models: [{ id: "tiny", contextWindow: 8000, maxTokens: 1000 }],
        },
      },
    },
  });
  assert.deepEqual(modelLimits(config, parseModelRef("local/tiny")!), {
    contextWindow: 8000,
    maxOutputTokens: 1000,
  });
  assert.equal(
    modelLimits(config, parseModelRef("anthropic/claude-opus-4-5")!).contextWindow,
    200_000,
  );
  const capped = OpenClawConfigSchema.parse({ agents: { defaults: { contextTokens: 4000 } } });
  assert.equal(
    modelLimits(capped, parseModelRef("anthropic/claude-opus-4-5")!).contextWindow,
    4000,
  );
});

test("an image counts for about 1,600 tokens, whatever its bytes (a large base64 string is not text)", () => {
  const withImage: ChatMessage = {
    role: "user",
    content: [
      { type: "text", text: "abcd".repeat(10) },
      { type: "image", mimeType: "image/png", data: "A".repeat(400_000), name: "photo.png" },
    ],
  };
  assert.equal(messageTokens(withImage), 4 + 10 + IMAGE_TOKENS);
  assert.equal(IMAGE_TOKENS, 1_600);
  // Two images cannot fit a window that has room for one: the older one is dropped from history.
  const older: ChatMessage = { role: "user", content: [withImage.content[1]!] };
  const latest: ChatMessage[] = [withImage];
  const { dropped } = fitContext([older], latest, IMAGE_TOKENS + 100, 0);
  assert.equal(dropped, 1);
});
