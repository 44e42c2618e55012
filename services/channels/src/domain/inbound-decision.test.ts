import assert from "node:assert/strict";
import { test } from "node:test";
import type { InboundMessage } from "@clawfleet/core";
import { agentText, decideInbound, type InboundContext } from "./inbound-decision.js";

const bot = { id: "42", username: "claw_bot", label: "@claw_bot" };

function message(overrides: Partial<InboundMessage> = {}): InboundMessage {
  return {
    channel: "telegram",
    accountId: "default",
    messageId: "7",
    peer: { kind: "dm", id: "100" },
    sender: { id: "100", username: "alice" },
    text: "hello",
    mentioned: false,
    timestamp: 1,
    ...overrides,
  };
}

function context(overrides: Partial<InboundContext> = {}): InboundContext {
  return { config: {}, access: {}, pairedSenders: new Set(), bot, ...overrides };
}

test("a DM from an allowed sender is submitted to the routed session", () => {
  const plan = decideInbound(
    message(),
    context({ access: { dmPolicy: "allowlist", allowFrom: ["@alice"] } }),
  );
  assert.equal(plan.action, "submit");
  if (plan.action === "submit") {
    assert.equal(plan.route.agentId, "main");
    assert.equal(plan.route.sessionKey, "agent:main:main");
    assert.equal(plan.text, "hello");
  }
});

test("an unknown DM sender under the default policy pairs; a paired one is submitted", () => {
  assert.equal(decideInbound(message(), context()).action, "pair");
  assert.equal(
    decideInbound(message(), context({ pairedSenders: new Set(["100"]) })).action,
    "submit",
  );
});

test("group messages need a mention, a reply to the bot, a mention pattern or a command", () => {
  const group = { peer: { kind: "group" as const, id: "-1001" } };
  const open = { access: { groupPolicy: "open" as const } };
  assert.equal(decideInbound(message({ ...group }), context(open)).action, "drop");
  assert.equal(
    decideInbound(message({ ...group, mentioned: true }), context(open)).action,
    "submit",
  );
  assert.equal(
    decideInbound(message({ ...group, replyTo: { messageId: "3", toBot: true } }), context(open))
      .action,
    "submit",
  );
  assert.equal(
    decideInbound(message({ ...group, text: "/status" }), context(open)).action,
    "submit",
  );
  const patterns = {
    ...open,
    config: { messages: { groupChat: { mentionPatterns: ["\\bclaw\\b"] } } },
  };
  assert.equal(
    decideInbound(message({ ...group, text: "hey claw" }), context(patterns)).action,
    "submit",
  );
});

test("bindings pick the agent and the command is recognised", () => {
  const config = {
    agents: { list: [{ id: "main", default: true }, { id: "ops" }] },
    bindings: [{ agentId: "ops", match: { channel: "telegram" } }],
  };
  const plan = decideInbound(
    message({ text: "/stop" }),
    context({ config, access: { dmPolicy: "open" } }),
  );
  assert.equal(plan.action, "submit");
  if (plan.action === "submit") {
    assert.equal(plan.route.agentId, "ops");
    assert.deepEqual(plan.command, { name: "stop" });
  }
});

test("the leading mention of the bot is not part of the agent's text", () => {
  assert.equal(agentText("@claw_bot what's up?", bot), "what's up?");
  assert.equal(agentText("<@42> hi", bot), "hi");
  assert.equal(agentText("<@!42>, hi", bot), "hi");
  assert.equal(agentText("hi @claw_bot", bot), "hi @claw_bot");
  assert.equal(agentText("@claw_bot", bot), "@claw_bot", "a bare mention keeps its text");
  assert.equal(agentText("@claw_botty hi", bot), "@claw_botty hi");
});
