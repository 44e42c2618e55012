import assert from "node:assert/strict";
import { test } from "node:test";
import { parseChatCommand } from "./chat-command.js";

test("the built-in commands parse", () => {
  assert.deepEqual(parseChatCommand("/new"), { name: "new", trigger: "/new" });
  assert.deepEqual(parseChatCommand("/reset"), { name: "reset", trigger: "/reset" });
  assert.deepEqual(parseChatCommand("/status"), { name: "status" });
  assert.deepEqual(parseChatCommand("/stop"), { name: "stop" });
  assert.deepEqual(parseChatCommand("/help"), { name: "help" });
  assert.deepEqual(parseChatCommand("  /whoami  "), { name: "whoami" });
  assert.deepEqual(parseChatCommand("/STATUS"), { name: "status" });
});

test("/new takes an optional provider/model and passes the rest on", () => {
  assert.deepEqual(parseChatCommand("/new anthropic/claude-sonnet-4-5"), {
    name: "new",
    trigger: "/new",
    model: "anthropic/claude-sonnet-4-5",
  });
  assert.deepEqual(parseChatCommand("/new openai/gpt-4o summarize this"), {
    name: "new",
    trigger: "/new",
    model: "openai/gpt-4o",
    rest: "summarize this",
  });
  assert.deepEqual(parseChatCommand("/new let's talk about cats"), {
    name: "new",
    trigger: "/new",
    rest: "let's talk about cats",
  });
});

test("/model shows, lists or sets", () => {
  assert.deepEqual(parseChatCommand("/model"), { name: "model", action: "show" });
  assert.deepEqual(parseChatCommand("/model list"), { name: "model", action: "list" });
  assert.deepEqual(parseChatCommand("/model anthropic/claude-opus-4-5"), {
    name: "model",
    action: "set",
    model: "anthropic/claude-opus-4-5",
  });
  assert.deepEqual(parseChatCommand("/model opus"), {
    name: "model",
    action: "set",
    model: "opus",
  });
  assert.equal(parseChatCommand("/model a b"), null);
});

test("ordinary text, unknown commands and argument-taking misuse are not commands", () => {
  assert.equal(parseChatCommand("hello /status"), null);
  assert.equal(parseChatCommand("/unknown"), null);
  assert.equal(parseChatCommand("/status please"), null);
  assert.equal(parseChatCommand("/"), null);
  assert.equal(parseChatCommand(""), null);
  assert.equal(parseChatCommand("/usr/bin/env"), null);
});

test("Telegram's /cmd@BotName works only for this bot when its name is known", () => {
  assert.deepEqual(parseChatCommand("/status@ClawBot", { botUsername: "clawbot" }), {
    name: "status",
  });
  assert.deepEqual(parseChatCommand("/status@clawbot", { botUsername: "@ClawBot" }), {
    name: "status",
  });
  assert.equal(parseChatCommand("/status@OtherBot", { botUsername: "clawbot" }), null);
  assert.deepEqual(parseChatCommand("/status@AnyBot"), { name: "status" });
  assert.deepEqual(parseChatCommand("/new@ClawBot openai/gpt-4o", { botUsername: "ClawBot" }), {
    name: "new",
    trigger: "/new",
    model: "openai/gpt-4o",
  });
});

test("a leading mention of the bot is accepted (group chats)", () => {
  assert.deepEqual(parseChatCommand("@ClawBot /status", { botUsername: "clawbot" }), {
    name: "status",
  });
  assert.deepEqual(parseChatCommand("<@123> /reset", { botUserId: "123" }), {
    name: "reset",
    trigger: "/reset",
  });
  assert.deepEqual(parseChatCommand("<@!123>, /help", { botUserId: "123" }), { name: "help" });
  assert.equal(parseChatCommand("@someone /status", { botUsername: "clawbot" }), null);
  assert.equal(parseChatCommand("<@999> /status", { botUserId: "123" }), null);
  assert.equal(parseChatCommand("@ClawBotx /status", { botUsername: "clawbot" }), null);
});

test("session.resetTriggers replaces the default triggers", () => {
  const ctx = { resetTriggers: ["/new", "/fresh", "start over"] };
  assert.deepEqual(parseChatCommand("/fresh", ctx), { name: "reset", trigger: "/fresh" });
  assert.deepEqual(parseChatCommand("/fresh anthropic/claude-sonnet-4-5", ctx), {
    name: "reset",
    trigger: "/fresh",
    model: "anthropic/claude-sonnet-4-5",
  });
  assert.deepEqual(parseChatCommand("Start Over", ctx), { name: "reset", trigger: "start over" });
  assert.equal(parseChatCommand("please start over", ctx), null);
  assert.equal(parseChatCommand("/reset", ctx), null);
  assert.deepEqual(parseChatCommand("/new", ctx), { name: "new", trigger: "/new" });
});

test("/compact takes optional instructions for the summary", () => {
  assert.deepEqual(parseChatCommand("/compact"), { name: "compact" });
  assert.deepEqual(parseChatCommand("/compact Focus on the API design"), {
    name: "compact",
    instructions: "Focus on the API design",
  });
});

test("/usage takes no arguments", () => {
  assert.deepEqual(parseChatCommand("/usage"), { name: "usage" });
  assert.equal(parseChatCommand("/usage please"), null);
});
