import assert from "node:assert/strict";
import { test } from "node:test";
import { CoreError } from "../errors.js";
import { normalizeAgentId } from "./agent-id.js";
import { parseSessionKey } from "./parse-session-key.js";
import type { SessionKeyInput } from "./session-key.js";
import { buildMainSessionKey, buildSessionKey } from "./session-key.js";

const dm: SessionKeyInput = {
  agentId: "main",
  channel: "telegram",
  accountId: "tasks",
  peer: { kind: "dm", id: "7550356539" },
};

test("DMs follow dmScope with OpenClaw's `direct` segment", () => {
  assert.equal(buildSessionKey(dm), "agent:main:main");
  assert.equal(buildSessionKey({ ...dm, mainKey: "Home" }), "agent:main:home");
  assert.equal(buildSessionKey({ ...dm, dmScope: "per-peer" }), "agent:main:direct:7550356539");
  assert.equal(
    buildSessionKey({ ...dm, dmScope: "per-channel-peer" }),
    "agent:main:telegram:direct:7550356539",
  );
  assert.equal(
    buildSessionKey({ ...dm, dmScope: "per-account-channel-peer" }),
    "agent:main:telegram:tasks:direct:7550356539",
  );
  assert.equal(
    buildSessionKey({ ...dm, accountId: undefined, dmScope: "per-account-channel-peer" }),
    "agent:main:telegram:default:direct:7550356539",
  );
});

test("groups, guild channels, topics and threads get their own keys", () => {
  const group = {
    agentId: "main",
    channel: "telegram",
    peer: { kind: "group", id: "-1001234567890" },
  } as const;
  assert.equal(buildSessionKey(group), "agent:main:telegram:group:-1001234567890");
  assert.equal(
    buildSessionKey({ ...group, threadId: "42" }),
    "agent:main:telegram:group:-1001234567890:topic:42",
  );
  const guild = {
    agentId: "ops",
    channel: "discord",
    peer: { kind: "channel", id: "123456" },
  } as const;
  assert.equal(buildSessionKey(guild), "agent:ops:discord:channel:123456");
  // A Discord thread is its own channel: keyed by the thread id however the connector fills peer.
  assert.equal(
    buildSessionKey({ ...guild, peer: { kind: "channel", id: "987654" }, threadId: "987654" }),
    "agent:ops:discord:channel:987654",
  );
  assert.equal(
    buildSessionKey({ ...guild, threadId: "987654" }),
    "agent:ops:discord:channel:987654",
  );
  assert.equal(
    buildSessionKey({
      agentId: "main",
      channel: "slack",
      peer: { kind: "channel", id: "C1" },
      threadId: "T9",
    }),
    "agent:main:slack:channel:c1:thread:t9",
  );
});

test("group keys ignore dmScope", () => {
  const group = {
    agentId: "main",
    channel: "telegram",
    peer: { kind: "group", id: "-5" },
  } as const;
  assert.equal(buildSessionKey({ ...group, dmScope: "per-peer" }), "agent:main:telegram:group:-5");
});

test("voice keys by the caller's digits and webchat shares the main session", () => {
  assert.equal(
    buildSessionKey({
      agentId: "main",
      channel: "voice",
      peer: { kind: "dm", id: "+15551234567" },
    }),
    "agent:main:voice:15551234567",
  );
  assert.equal(
    buildSessionKey({ agentId: "main", channel: "voice", peer: { kind: "dm", id: "anonymous" } }),
    "agent:main:voice:anonymous",
  );
  const webchat = {
    agentId: "main",
    channel: "webchat",
    peer: { kind: "dm", id: "ui-1" },
    dmScope: "per-channel-peer",
  } as const;
  assert.equal(buildSessionKey(webchat), "agent:main:main");
});

test("agent ids are normalized like OpenClaw's and ids are lower-cased", () => {
  assert.equal(normalizeAgentId("  Support Bot!! "), "support-bot");
  assert.equal(normalizeAgentId(""), "main");
  assert.equal(normalizeAgentId("###"), "main");
  assert.equal(buildMainSessionKey("Home"), "agent:home:main");
  assert.equal(
    buildSessionKey({ agentId: "a", channel: "Discord", peer: { kind: "group", id: "ABC" } }),
    "agent:a:discord:group:abc",
  );
});

test("ids that would corrupt the key are refused with a CoreError", () => {
  assert.throws(
    () => buildSessionKey({ ...dm, dmScope: "per-peer", peer: { kind: "dm", id: "a:b" } }),
    (error: unknown) => error instanceof CoreError && error.code === "invalid_session_key_part",
  );
  assert.throws(
    () => buildSessionKey({ agentId: "a", channel: "telegram", peer: { kind: "group", id: " " } }),
    CoreError,
  );
});

test("every built key parses back to its parts", () => {
  const cases: [SessionKeyInput, Record<string, unknown>][] = [
    [dm, { kind: "main", agentId: "main", mainKey: "main" }],
    [
      { ...dm, dmScope: "per-peer" },
      { kind: "dm", dmScope: "per-peer", peerId: "7550356539" },
    ],
    [
      { ...dm, dmScope: "per-channel-peer" },
      { kind: "dm", dmScope: "per-channel-peer", channel: "telegram" },
    ],
    [
      { ...dm, dmScope: "per-account-channel-peer" },
      { kind: "dm", accountId: "tasks", channel: "telegram" },
    ],
    [
      { agentId: "x", channel: "telegram", peer: { kind: "group", id: "-9" }, threadId: "3" },
      { kind: "group", peerId: "-9", thread: { kind: "topic", id: "3" } },
    ],
    [
      { agentId: "x", channel: "discord", peer: { kind: "channel", id: "55" } },
      { kind: "channel", channel: "discord", peerId: "55" },
    ],
    [
      { agentId: "x", channel: "voice", peer: { kind: "dm", id: "+1 555 0100" } },
      { kind: "voice", peerId: "15550100" },
    ],
  ];
  for (const [input, expected] of cases) {
    const parsed = parseSessionKey(buildSessionKey(input));
    assert.ok(parsed.ok, buildSessionKey(input));
    if (parsed.ok)
      for (const [field, value] of Object.entries(expected))
        assert.deepEqual((parsed.key as Record<string, unknown>)[field], value, field);
  }
});

test("legacy `dm` keys from older OpenClaw releases still parse", () => {
  const parsed = parseSessionKey("agent:main:whatsapp:dm:+15551234567");
  assert.deepEqual(parsed, {
    ok: true,
    key: {
      kind: "dm",
      agentId: "main",
      dmScope: "per-channel-peer",
      channel: "whatsapp",
      peerId: "+15551234567",
    },
  });
});

test("malformed keys are rejected with a reason", () => {
  const cases: [string, RegExp][] = [
    ["", /must start with 'agent:'/],
    ["session:main:main", /must start with 'agent:'/],
    ["agent:main", /at least/],
    ["agent::main", /empty segment/],
    ["agent:main:telegram:group:", /empty segment/],
    ["agent:main :main", /whitespace/],
    ["agent:-bad:main", /agent id/],
    ["agent:main:telegram:group:1:thread", /unrecognized/],
    ["agent:main:telegram:group:1:reply:2", /unrecognized/],
    ["agent:main:Tele/gram:group:1", /channel/],
    ["agent:main:a:b:c:d:e:f", /unrecognized/],
  ];
  for (const [key, reason] of cases) {
    const parsed = parseSessionKey(key);
    assert.equal(parsed.ok, false, key);
    if (!parsed.ok) assert.match(parsed.reason, reason, key);
  }
});
