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
