import assert from "node:assert/strict";
import { test } from "node:test";
import type { RoutableMessage } from "./resolve-route.js";
import { resolveRoute, routeScopeFor } from "./resolve-route.js";

const guildMessage: RoutableMessage = {
  channel: "discord",
  accountId: "default",
  peer: { kind: "channel", id: "555" },
  guildId: "g1",
};

test("a Discord guild message gets the channel session of the bound agent", () => {
  const cfg = { bindings: [{ agentId: "ops", match: { channel: "discord", guildId: "g1" } }] };
  const route = resolveRoute(cfg, guildMessage);
  assert.equal(route.agentId, "ops");
  assert.equal(route.matchedBy, "binding.guild");
  assert.equal(route.sessionKey, "agent:ops:discord:channel:555");
  assert.equal(route.mainSessionKey, "agent:ops:main");
});

test("a Discord thread inherits its parent channel's binding and keeps its own session", () => {
  const cfg = {
    bindings: [
      { agentId: "docs", match: { channel: "discord", peer: { kind: "channel", id: "555" } } },
    ],
  };
  const thread: RoutableMessage = {
    ...guildMessage,
    peer: { kind: "channel", id: "777" },
    threadId: "777",
    parentChannelId: "555",
  };
  const route = resolveRoute(cfg, thread);
  assert.equal(route.agentId, "docs");
  assert.equal(route.matchedBy, "binding.peer.parent");
  assert.equal(route.sessionKey, "agent:docs:discord:channel:777");
});

test("a Telegram forum topic matches a topic binding first, then its chat", () => {
  const topic: RoutableMessage = {
    channel: "telegram",
    accountId: "default",
    peer: { kind: "group", id: "-100" },
    threadId: "42",
  };
  assert.deepEqual(routeScopeFor(topic).peer, { kind: "group", id: "-100:topic:42" });
  const cfg = {
    bindings: [
      { agentId: "chat", match: { channel: "telegram", peer: { kind: "group", id: "-100" } } },
      {
        agentId: "topic",
        match: { channel: "telegram", peer: { kind: "group", id: "-100:topic:42" } },
      },
    ],
  };
  const route = resolveRoute(cfg, topic);
  assert.equal(route.agentId, "topic");
  assert.equal(route.sessionKey, "agent:topic:telegram:group:-100:topic:42");
  const other = resolveRoute(cfg, { ...topic, threadId: "7" });
  assert.equal(other.agentId, "chat");
  assert.equal(other.matchedBy, "binding.peer.parent");
});

test("DMs use session.dmScope and session.mainKey", () => {
  const dm: RoutableMessage = {
    channel: "telegram",
    accountId: "default",
    peer: { kind: "dm", id: "111" },
  };
  assert.equal(resolveRoute({}, dm).sessionKey, "agent:main:main");
  assert.equal(resolveRoute({ session: { mainKey: "home" } }, dm).sessionKey, "agent:main:home");
  assert.equal(
    resolveRoute({ session: { dmScope: "per-channel-peer" } }, dm).sessionKey,
    "agent:main:telegram:direct:111",
  );
});

test("webchat and voice get the main and per-caller sessions", () => {
  const cfg = { agents: { list: [{ id: "front", default: true }] } };
  const webchat = resolveRoute(cfg, {
    channel: "webchat",
    accountId: "default",
    peer: { kind: "dm", id: "browser-1" },
  });
  assert.equal(webchat.sessionKey, "agent:front:main");
  const voice = resolveRoute(cfg, {
    channel: "voice",
    accountId: "default",
    peer: { kind: "dm", id: "+15550100" },
  });
  assert.equal(voice.sessionKey, "agent:front:voice:15550100");
});
