import assert from "node:assert/strict";
import { test } from "node:test";
import type { AccessMessage } from "./access-decision.js";
import type { ChannelAccessConfig } from "./channel-access-config.js";
import { decideAccess } from "./decide-access.js";

const dm: AccessMessage = {
  channel: "telegram",
  peer: { kind: "dm", id: "111" },
  sender: { id: "111", username: "alice" },
  mentioned: false,
};

function decide(config: ChannelAccessConfig | undefined, paired: string[] = [], message = dm) {
  return decideAccess({ message, config, pairedSenders: new Set(paired) });
}

test("dmPolicy defaults to pairing: unknown senders pair, listed or paired senders pass", () => {
  assert.equal(decide(undefined).action, "pair");
  assert.equal(decide({}).action, "pair");
  assert.equal(decide({ allowFrom: ["@Alice"] }).action, "accept");
  assert.equal(decide({}, ["111"]).action, "accept");
});

test("allowlist refuses unknown senders and ignores pairing approvals", () => {
  const result = decide({ dmPolicy: "allowlist", allowFrom: ["222"] }, ["111"]);
  assert.equal(result.action, "deny");
  if (result.action === "deny")
    assert.match(result.reason, /sender 111 \(@alice\) is not in allowFrom/);
  assert.equal(decide({ dmPolicy: "allowlist", allowFrom: ["111"] }).action, "accept");
  assert.equal(decide({ dmPolicy: "allowlist", allowFrom: ["*"] }).action, "accept");
});

test("open accepts anyone and disabled refuses everyone", () => {
  assert.equal(decide({ dmPolicy: "open" }).action, "accept");
  const disabled = decide({ dmPolicy: "disabled", allowFrom: ["111"] });
  assert.deepEqual(disabled, {
    action: "deny",
    reason: "telegram DMs are disabled (dmPolicy: disabled)",
  });
});

test("webchat is always accepted (the gateway authenticated the socket)", () => {
  assert.equal(
    decide({ dmPolicy: "disabled" }, [], { ...dm, channel: "webchat" }).action,
    "accept",
  );
});

test("Discord group DMs are ignored", () => {
  const groupDm: AccessMessage = { ...dm, channel: "discord", peer: { kind: "group", id: "9" } };
  assert.equal(decide({ groupPolicy: "open" }, [], groupDm).action, "ignore");
});

test("other channels' groups follow groupPolicy, the sender allowlist and requireMention", () => {
  const group: AccessMessage = { ...dm, channel: "matrix", peer: { kind: "group", id: "room" } };
  assert.equal(decide({ groupPolicy: "disabled" }, [], group).action, "deny");
  assert.equal(decide({ groupPolicy: "allowlist" }, [], group).action, "deny");
  assert.equal(
    decide({ groupPolicy: "allowlist", groupAllowFrom: ["222"] }, [], group).action,
    "deny",
  );
  assert.equal(
    decide({ groupPolicy: "allowlist", allowFrom: ["111"] }, [], group).action,
    "ignore",
  );
  assert.equal(decide({ groupPolicy: "open" }, [], { ...group, mentioned: true }).action, "accept");
  assert.equal(
    decideAccess({ message: group, config: {}, defaults: { groupPolicy: "open" }, mentioned: true })
      .action,
    "accept",
  );
  assert.equal(
    decideAccess({
      message: group,
      config: {},
      defaults: { groupPolicy: "disabled" },
      mentioned: true,
    }).action,
    "deny",
  );
});

test("every refusal, pairing request and ignore says why in the debug log, naming the chat and sender", () => {
  const room: AccessMessage = {
    channel: "matrix",
    peer: { kind: "group", id: "room" },
    sender: { id: "111" },
    mentioned: false,
    chatTitle: "Ops",
  };
  const guild: AccessMessage = {
    channel: "discord",
    peer: { kind: "channel", id: "c1" },
    sender: { id: "1001", username: "bob" },
    mentioned: false,
    guildId: "g1",
    guildName: "My Server",
    chatTitle: "General",
  };
  const thread: AccessMessage = {
    ...guild,
    peer: { kind: "channel", id: "t1" },
    threadId: "t1",
    parentChannelId: "c1",
    parentChannelName: "general",
    chatTitle: "a thread",
  };
  const family: AccessMessage = {
    channel: "telegram",
    peer: { kind: "group", id: "-100123" },
    sender: { id: "111", username: "alice" },
    mentioned: false,
    chatTitle: "Family",
  };
  const cases: [AccessMessage, ChannelAccessConfig | undefined, string, string][] = [
    [
      { ...dm, sender: { id: "111", username: "@alice" } },
      undefined,
      "pair",
      "sender 111 (@alice) is not paired yet (dmPolicy: pairing)",
    ],
    [
      { ...dm, sender: { id: "111" } },
      undefined,
      "pair",
      "sender 111 is not paired yet (dmPolicy: pairing)",
    ],
    [
      room,
      { groupPolicy: "disabled" },
      "deny",
      "matrix group messages are disabled (groupPolicy: disabled)",
    ],
    [room, {}, "deny", 'matrix group room "Ops": groupPolicy allowlist with no groupAllowFrom'],
    [room, { groupAllowFrom: ["222"] }, "deny", "sender 111 is not in groupAllowFrom"],
    [
      room,
      { groupPolicy: "open" },
      "ignore",
      'not mentioned in matrix group room "Ops", which requires a mention',
    ],
    [{ ...guild, guildId: undefined }, {}, "ignore", "Discord group DMs are not handled"],
    [
      guild,
      { groupPolicy: "disabled" },
      "deny",
      "Discord guild messages are disabled (groupPolicy: disabled)",
    ],
    [
      guild,
      {},
      "deny",
      'guild g1 "My Server" is not in channels.discord.guilds (groupPolicy: allowlist)',
    ],
    [
      { ...guild, guildName: undefined },
      { groupPolicy: "open", guilds: { g2: {} } },
      "deny",
      "guild g1 is not in channels.discord.guilds (groupPolicy: open)",
    ],
    [
      guild,
      { guilds: { g1: { channels: { random: {} } } } },
      "deny",
      'channel #general (c1) is not in the channels allowlist of guild g1 "My Server"',
    ],
    [
      { ...guild, chatTitle: undefined },
      { guilds: { g1: { channels: { random: {} } } } },
      "deny",
      'channel (c1) is not in the channels allowlist of guild g1 "My Server"',
    ],
    [
      guild,
      { guilds: { g1: { channels: { general: { enabled: false } } } } },
      "deny",
      'channel #general (c1) is disabled in guild g1 "My Server"',
    ],
    [
      guild,
      { guilds: { g1: { users: ["1"] } } },
      "deny",
      "sender 1001 (@bob) is not in the users allowlist of channel #general (c1)",
    ],
    [
      guild,
      { guilds: { g1: {} } },
      "ignore",
      "not mentioned in channel #general (c1), which requires a mention",
    ],
    [
      thread,
      { guilds: { g1: {} } },
      "ignore",
      "not mentioned in channel #general (c1), which requires a mention",
    ],
    [
      family,
      { groupPolicy: "disabled" },
      "deny",
      "telegram group messages are disabled (groupPolicy: disabled)",
    ],
    [
      family,
      { groups: { "-1": {} } },
      "deny",
      'telegram group -100123 "Family" is not in channels.telegram.groups',
    ],
    [
      family,
      { groups: { "-100123": { enabled: false } } },
      "deny",
      'telegram group -100123 "Family" is disabled in channels.telegram.groups',
    ],
    [
      family,
      { groups: { "*": { allowFrom: ["222"] } } },
      "deny",
      'sender 111 (@alice) is not in the allowFrom of telegram group -100123 "Family"',
    ],
    [
      family,
      { groups: { "*": {} } },
      "deny",
      'telegram group -100123 "Family": groupPolicy allowlist needs groupAllowFrom (or allowFrom) or a groups entry',
    ],
    [
      family,
      { allowFrom: ["222"] },
      "deny",
      "sender 111 (@alice) is not in channels.telegram.groupAllowFrom",
    ],
    [
      family,
      { groupPolicy: "open" },
      "ignore",
      'not mentioned in telegram group -100123 "Family", which requires a mention',
    ],
    [
      { ...family, chatTitle: undefined },
      { groupPolicy: "open" },
      "ignore",
      "not mentioned in telegram group -100123, which requires a mention",
    ],
    [
      { ...family, channel: "whatsapp" },
      { groupPolicy: "open" },
      "ignore",
      'not mentioned in whatsapp group -100123 "Family", which requires a mention',
    ],
  ];
  for (const [message, config, action, reason] of cases)
    assert.deepEqual(decideAccess({ message, config }), { action, reason }, reason);
});

test("with no channel config at all, DMs ask to pair and every kind of group is refused (fail closed)", () => {
  assert.equal(decideAccess({ message: dm }).action, "pair");
  for (const message of [
    { ...dm, channel: "matrix", peer: { kind: "group", id: "room" }, mentioned: true },
    { ...dm, channel: "telegram", peer: { kind: "group", id: "-1001" }, mentioned: true },
    {
      ...dm,
      channel: "discord",
      peer: { kind: "channel", id: "c1" },
      guildId: "g1",
      mentioned: true,
    },
  ] satisfies AccessMessage[])
    assert.equal(decideAccess({ message }).action, "deny", message.channel);
  assert.equal(
    decideAccess({
      message: { ...dm, channel: "matrix", peer: { kind: "group", id: "room" } },
      defaults: { groupPolicy: "allowlist" },
    }).action,
    "deny",
  );
});

test("WhatsApp, Slack and Signal groups follow the groups map like Telegram's", () => {
  const config: ChannelAccessConfig = { groupPolicy: "open", groups: { other: {} } };
  for (const channel of ["telegram", "whatsapp", "slack", "signal"]) {
    const message: AccessMessage = {
      ...dm,
      channel,
      peer: { kind: "group", id: "g1" },
      mentioned: true,
    };
    assert.equal(decide(config, [], message).action, "deny", channel);
    assert.equal(
      decide({ groupPolicy: "open", groups: { g1: {} } }, [], message).action,
      "accept",
      channel,
    );
  }
});
