import assert from "node:assert/strict";
import { test } from "node:test";
import type { AgentRoutingConfig, Binding } from "./resolve-agent.js";
import { resolveAgent, resolveDefaultAgentId } from "./resolve-agent.js";

const discord = {
  channel: "discord",
  accountId: "default",
  peer: { kind: "channel", id: "c1" },
  guildId: "g1",
};

test("with no bindings the default agent is the list default, else the first, else main", () => {
  assert.deepEqual(resolveAgent({}, discord), { agentId: "main", matchedBy: "default" });
  assert.equal(
    resolveDefaultAgentId({ agents: { list: [{ id: "a" }, { id: "Home", default: true }] } }),
    "home",
  );
  assert.equal(
    resolveDefaultAgentId({ agents: { list: [{ id: "first" }, { id: "second" }] } }),
    "first",
  );
});

test("tier precedence: peer > parent peer > guild > account > any account > default", () => {
  const all: Binding[] = [
    { agentId: "star", match: { channel: "discord", accountId: "*" } },
    { agentId: "acct", match: { channel: "discord", accountId: "default" } },
    { agentId: "guild", match: { channel: "discord", guildId: "g1" } },
    { agentId: "parent", match: { channel: "discord", peer: { kind: "channel", id: "parent1" } } },
    { agentId: "peer", match: { channel: "discord", peer: { kind: "channel", id: "c1" } } },
  ];
  const expectations = ["peer", "parent", "guild", "acct", "star"];
  // Remove the winning binding one by one: the next tier must take over each time.
  for (let i = 0; i < expectations.length; i++) {
    const cfg: AgentRoutingConfig = { bindings: all.slice(0, all.length - i) };
    const match = resolveAgent(cfg, { ...discord, parentPeer: { kind: "channel", id: "parent1" } });
    assert.equal(match.agentId, expectations[i]);
  }
  assert.equal(resolveAgent({ bindings: [] }, discord).matchedBy, "default");
});

test("within a tier the first binding in config order wins", () => {
  const cfg = {
    bindings: [
      { agentId: "one", match: { channel: "discord", guildId: "g1" } },
      { agentId: "two", match: { channel: "discord", guildId: "g1" } },
    ],
  };
  assert.deepEqual(resolveAgent(cfg, discord), {
    agentId: "one",
    matchedBy: "binding.guild",
    bindingIndex: 0,
  });
});

test("a binding without accountId matches only the default account; '*' matches any", () => {
  const cfg = { bindings: [{ agentId: "dflt", match: { channel: "telegram" } }] };
  const dm = { channel: "telegram", peer: { kind: "dm", id: "1" } };
  assert.equal(resolveAgent(cfg, { ...dm, accountId: "default" }).agentId, "dflt");
  assert.equal(resolveAgent(cfg, dm).matchedBy, "binding.account");
  assert.equal(resolveAgent(cfg, { ...dm, accountId: "biz" }).agentId, "main");
  const star = { bindings: [{ agentId: "any", match: { channel: "telegram", accountId: "*" } }] };
  assert.deepEqual(resolveAgent(star, { ...dm, accountId: "biz" }), {
    agentId: "any",
    matchedBy: "binding.channel",
    bindingIndex: 0,
  });
});

test("an exact account binding beats an earlier '*' binding", () => {
  const cfg = {
    bindings: [
      { agentId: "any", match: { channel: "telegram", accountId: "*" } },
      { agentId: "biz", match: { channel: "telegram", accountId: "biz" } },
    ],
  };
  assert.equal(resolveAgent(cfg, { channel: "telegram", accountId: "biz" }).agentId, "biz");
});

test("bindings of other channels or accounts never match, even by peer", () => {
  const cfg = {
    bindings: [
      { agentId: "tg", match: { channel: "telegram", peer: { kind: "channel", id: "c1" } } },
      {
        agentId: "other",
        match: { channel: "discord", accountId: "work", peer: { kind: "channel", id: "c1" } },
      },
    ],
  };
  assert.equal(resolveAgent(cfg, discord).agentId, "main");
});

test("peer kinds: group and channel are interchangeable, dm and direct are the same, dm never matches a group", () => {
  const bind = (kind: string) => ({
    bindings: [{ agentId: "x", match: { channel: "discord", peer: { kind, id: "c1" } } }],
  });
  assert.equal(resolveAgent(bind("group"), discord).agentId, "x");
  assert.equal(resolveAgent(bind("dm"), discord).agentId, "main");
  const dm = { channel: "discord", peer: { kind: "dm", id: "c1" } };
  assert.equal(resolveAgent(bind("direct"), dm).agentId, "x");
  assert.equal(resolveAgent(bind("DM"), dm).agentId, "x");
  assert.equal(resolveAgent(bind("room"), dm).agentId, "main");
});

test("a peer binding that also names a guild must match both", () => {
  const cfg = {
    bindings: [
      {
        agentId: "x",
        match: { channel: "discord", guildId: "g2", peer: { kind: "channel", id: "c1" } },
      },
    ],
  };
  assert.equal(resolveAgent(cfg, discord).agentId, "main");
  assert.equal(resolveAgent(cfg, { ...discord, guildId: "g2" }).agentId, "x");
});

test("an agent id unknown to agents.list falls back to the default agent", () => {
  const cfg = {
    agents: { list: [{ id: "main" }, { id: "helper", default: true }] },
    bindings: [{ agentId: "ghost", match: { channel: "discord", guildId: "g1" } }],
  };
  assert.equal(resolveAgent(cfg, discord).agentId, "helper");
  const known = {
    ...cfg,
    bindings: [{ agentId: "Main", match: { channel: "discord", guildId: "g1" } }],
  };
  assert.equal(resolveAgent(known, discord).agentId, "main");
});

test("the seed config routes every Discord message of the default account to the default agent", () => {
  const seed = {
    agents: { list: [{ id: "main", default: true }] },
    bindings: [{ agentId: "main", match: { channel: "discord" } }],
  };
  assert.deepEqual(resolveAgent(seed, discord), {
    agentId: "main",
    matchedBy: "binding.account",
    bindingIndex: 0,
  });
});
