import assert from "node:assert/strict";
import { test } from "node:test";
import type { AccessDecision, AccessMessage } from "./access-decision.js";
import type { ChannelAccessConfig } from "./channel-access-config.js";
import { decideAccess } from "./decide-access.js";

const base: AccessMessage = {
  channel: "discord",
  peer: { kind: "channel", id: "c-general" },
  sender: { id: "1001", username: "alice" },
  mentioned: true,
  guildId: "g1",
  guildName: "My Server",
  chatTitle: "general",
};

const seed: ChannelAccessConfig = {
  groupPolicy: "allowlist",
  guilds: { g1: { requireMention: true, channels: { general: { allow: true } } } },
};

function decide(
  config: ChannelAccessConfig,
  message: Partial<AccessMessage> = {},
  extra: { isCommand?: boolean; mentioned?: boolean } = {},
): AccessDecision {
  return decideAccess({ message: { ...base, ...message }, config, ...extra });
}

test("the seed config accepts a mention in #general and refuses other channels", () => {
  assert.deepEqual(decide(seed), { action: "accept" });
  const other = decide(seed, { peer: { kind: "channel", id: "c-random" }, chatTitle: "random" });
  assert.equal(other.action, "deny");
  if (other.action === "deny")
    assert.match(
      other.reason,
      /channel #random \(c-random\) is not in the channels allowlist of guild g1/,
    );
});

test("requireMention (default true) ignores unmentioned messages unless they are commands or replies to the bot", () => {
  const quiet = decide(seed, { mentioned: false });
  assert.equal(quiet.action, "ignore");
  assert.equal(
    decide(seed, { mentioned: false, replyTo: { messageId: "m", toBot: true } }).action,
    "accept",
  );
  assert.equal(decide(seed, { mentioned: false }, { isCommand: true }).action, "accept");
  assert.equal(decide(seed, { mentioned: false }, { mentioned: true }).action, "accept");
  const unset: ChannelAccessConfig = { guilds: { g1: { channels: { general: {} } } } };
  assert.equal(decide(unset, { mentioned: false }).action, "ignore");
});

test("channel requireMention overrides the guild's", () => {
  const cfg: ChannelAccessConfig = {
    guilds: { g1: { requireMention: true, channels: { general: { requireMention: false } } } },
  };
  assert.equal(decide(cfg, { mentioned: false }).action, "accept");
  const guildOff: ChannelAccessConfig = { guilds: { g1: { requireMention: false } } };
  assert.equal(decide(guildOff, { mentioned: false }).action, "accept");
});

test("channels match by id, by name with or without #, and by '*'", () => {
  for (const key of ["c-general", "#general", "General", "*"]) {
    const cfg: ChannelAccessConfig = { guilds: { g1: { channels: { [key]: { allow: true } } } } };
    assert.equal(decide(cfg).action, "accept", key);
  }
});

test("allow: false and enabled: false refuse the channel, even under groupPolicy open", () => {
  for (const rule of [{ allow: false }, { enabled: false }]) {
    const cfg: ChannelAccessConfig = {
      groupPolicy: "open",
      guilds: { g1: { channels: { general: rule } } },
    };
    const result = decide(cfg);
    assert.equal(result.action, "deny");
    if (result.action === "deny") assert.match(result.reason, /disabled/);
  }
});

test("threads follow their parent channel's rules", () => {
  const thread: Partial<AccessMessage> = {
    peer: { kind: "channel", id: "t9" },
    threadId: "t9",
    parentChannelId: "c-general",
    parentChannelName: "general",
    chatTitle: "some thread",
  };
  assert.equal(decide(seed, thread).action, "accept");
  const byName = { ...thread, parentChannelId: "c-unknown" };
  assert.equal(decide(seed, byName).action, "accept");
  const offParent: ChannelAccessConfig = {
    guilds: { g1: { channels: { general: { enabled: false } } } },
  };
  assert.equal(decide(offParent, thread).action, "deny");
  const elsewhere = { ...thread, parentChannelId: "c-random", parentChannelName: "random" };
  assert.equal(decide(seed, elsewhere).action, "deny");
});

test("guilds match by id, name or '*'; unlisted guilds are refused", () => {
  assert.equal(decide({ guilds: { "my-server": {} } }).action, "accept");
  assert.equal(decide({ guilds: { "*": {} } }).action, "accept");
  const unknown = decide({ guilds: { g2: {} } });
  assert.equal(unknown.action, "deny");
  if (unknown.action === "deny")
    assert.match(unknown.reason, /guild g1 "My Server" is not in channels.discord.guilds/);
});

test("groupPolicy: allowlist needs the guild; open does not; disabled refuses; defaults apply", () => {
  assert.equal(decide({}).action, "deny");
  assert.equal(decide({ groupPolicy: "open" }).action, "accept");
  assert.equal(decide({ ...seed, groupPolicy: "disabled" }).action, "deny");
  assert.equal(
    decideAccess({ message: base, config: {}, defaults: { groupPolicy: "open" } }).action,
    "accept",
  );
  assert.equal(
    decideAccess({
      message: base,
      config: { groupPolicy: "allowlist" },
      defaults: { groupPolicy: "open" },
    }).action,
    "deny",
  );
});

test("users allowlists on the channel (else the guild) restrict senders", () => {
  const guildUsers: ChannelAccessConfig = { guilds: { g1: { users: ["@bob", "1001"] } } };
  assert.equal(decide(guildUsers).action, "accept");
  assert.equal(decide(guildUsers, { sender: { id: "1002", username: "carol" } }).action, "deny");
  assert.equal(decide(guildUsers, { sender: { id: "1003", username: "Bob" } }).action, "accept");
  const channelUsers: ChannelAccessConfig = {
    guilds: { g1: { users: ["1001"], channels: { general: { users: ["carol"] } } } },
  };
  assert.equal(decide(channelUsers).action, "deny");
  assert.equal(
    decide(channelUsers, { sender: { id: "1004", username: "Carol" } }).action,
    "accept",
  );
});

test("channel rules match names as people write them, without merging different names", () => {
  const config: ChannelAccessConfig = {
    groupPolicy: "allowlist",
    guilds: { g1: { channels: { "Dev Chat": {}, "rust-go": {}, announcements: {} } } },
  };
  for (const chatTitle of ["dev-chat", "Rust & Go", "📢-announcements"])
    assert.equal(
      decide(config, { peer: { kind: "channel", id: "c2" }, chatTitle }).action,
      "accept",
      chatTitle,
    );
  assert.equal(
    decide(config, { peer: { kind: "channel", id: "c2" }, chatTitle: "devchat" }).action,
    "deny",
  );
  // A key written exactly as the channel's name wins over another key that only slugs to it.
  const both: ChannelAccessConfig = {
    guilds: {
      g1: { channels: { "dev-chat": { requireMention: false }, "Dev.Chat": { enabled: false } } },
    },
  };
  assert.equal(decide(both, { chatTitle: "dev-chat", mentioned: false }).action, "accept");
});

test("a thread known only by its parent's id or only by its parent's name follows that parent; its own rule comes first", () => {
  const thread: Partial<AccessMessage> = {
    peer: { kind: "channel", id: "t5" },
    chatTitle: "a thread",
    mentioned: false,
  };
  const byId: ChannelAccessConfig = {
    guilds: { g1: { channels: { "c-parent": { requireMention: false } } } },
  };
  assert.equal(decide(byId, { ...thread, parentChannelId: "c-parent" }).action, "accept");
  const byName: ChannelAccessConfig = {
    guilds: { g1: { channels: { parent: { requireMention: false } } } },
  };
  assert.equal(decide(byName, { ...thread, parentChannelName: "parent" }).action, "accept");
  const ownRule: ChannelAccessConfig = {
    guilds: { g1: { channels: { "c-parent": { requireMention: false }, t5: { enabled: false } } } },
  };
  assert.equal(decide(ownRule, { ...thread, parentChannelId: "c-parent" }).action, "deny");
});
