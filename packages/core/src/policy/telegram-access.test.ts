import assert from "node:assert/strict";
import { test } from "node:test";
import type { AccessDecision, AccessMessage } from "./access-decision.js";
import type { ChannelAccessConfig } from "./channel-access-config.js";
import { decideAccess } from "./decide-access.js";

const base: AccessMessage = {
  channel: "telegram",
  peer: { kind: "group", id: "-100123" },
  sender: { id: "111", username: "alice" },
  mentioned: true,
  chatTitle: "Family",
};

function decide(config: ChannelAccessConfig, message: Partial<AccessMessage> = {}): AccessDecision {
  return decideAccess({ message: { ...base, ...message }, config });
}

test("groupPolicy open accepts mentioned messages in any group", () => {
  assert.equal(decide({ groupPolicy: "open" }).action, "accept");
  assert.equal(decide({ groupPolicy: "open" }, { mentioned: false }).action, "ignore");
});

test("groupPolicy disabled refuses every group", () => {
  assert.equal(decide({ groupPolicy: "disabled", groups: { "-100123": {} } }).action, "deny");
});

test("a non-empty groups map is a chat allowlist, with '*' as a catch-all", () => {
  const listed: ChannelAccessConfig = { groupPolicy: "open", groups: { "-100999": {} } };
  const result = decide(listed);
  assert.equal(result.action, "deny");
  if (result.action === "deny")
    assert.match(
      result.reason,
      /telegram group -100123 "Family" is not in channels.telegram.groups/,
    );
  assert.equal(decide({ groupPolicy: "open", groups: { "*": {} } }).action, "accept");
});

test("allowlist: a chat listed by id needs no sender list; otherwise groupAllowFrom (else allowFrom) decides", () => {
  assert.equal(decide({ groupPolicy: "allowlist", groups: { "-100123": {} } }).action, "accept");
  assert.equal(decide({ groupPolicy: "allowlist", groups: { "*": {} } }).action, "deny");
  assert.equal(decide({ groupPolicy: "allowlist" }).action, "deny");
  assert.equal(decide({ groupPolicy: "allowlist", groupAllowFrom: ["@Alice"] }).action, "accept");
  assert.equal(decide({ groupPolicy: "allowlist", groupAllowFrom: ["222"] }).action, "deny");
  assert.equal(decide({ groupPolicy: "allowlist", allowFrom: ["111"] }).action, "accept");
  assert.equal(
    decide({ groupPolicy: "allowlist", groups: { "-100123": {} }, groupAllowFrom: ["222"] }).action,
    "deny",
  );
});

test("groupPolicy defaults to channels.defaults, then allowlist", () => {
  assert.equal(
    decideAccess({ message: base, config: {}, defaults: { groupPolicy: "open" } }).action,
    "accept",
  );
  assert.equal(decideAccess({ message: base, config: {} }).action, "deny");
});

test("a group's own allowFrom restricts senders under any policy", () => {
  const cfg: ChannelAccessConfig = {
    groupPolicy: "open",
    groups: { "-100123": { allowFrom: ["222"] } },
  };
  assert.equal(decide(cfg).action, "deny");
  assert.equal(decide(cfg, { sender: { id: "222" } }).action, "accept");
  const overridesGlobal: ChannelAccessConfig = {
    groupPolicy: "allowlist",
    groupAllowFrom: ["999"],
    groups: { "*": { allowFrom: ["alice"] } },
  };
  assert.equal(decide(overridesGlobal).action, "accept");
});

test("enabled: false switches a group off", () => {
  assert.equal(
    decide({ groupPolicy: "open", groups: { "-100123": { enabled: false }, "*": {} } }).action,
    "deny",
  );
});

test("requireMention: the group's, else '*', else true", () => {
  const off: ChannelAccessConfig = {
    groupPolicy: "open",
    groups: { "*": { requireMention: false } },
  };
  assert.equal(decide(off, { mentioned: false }).action, "accept");
  const exact: ChannelAccessConfig = {
    groupPolicy: "open",
    groups: { "*": { requireMention: false }, "-100123": { requireMention: true } },
  };
  assert.equal(decide(exact, { mentioned: false }).action, "ignore");
  assert.equal(
    decide({ groupPolicy: "open", groups: { "-100123": {} } }, { mentioned: false }).action,
    "ignore",
  );
});

test("channel posts (peer kind channel) follow the same rules", () => {
  assert.equal(
    decide({ groupPolicy: "disabled" }, { peer: { kind: "channel", id: "-100555" } }).action,
    "deny",
  );
});

test("a chat listed by id is its own allowlist even when the sender lists hold only blank entries", () => {
  const config: ChannelAccessConfig = { groups: { "-100123": {} }, groupAllowFrom: [" ", ""] };
  assert.equal(decide(config).action, "accept");
});

test("an allowed sender under allowlist still has to mention the bot", () => {
  assert.equal(decide({ groupAllowFrom: ["111"] }, { mentioned: false }).action, "ignore");
  assert.equal(decide({ groupAllowFrom: ["111"] }).action, "accept");
});
