import assert from "node:assert/strict";
import { test } from "node:test";
import type { CoreConfig } from "./core-config.js";
import { decideAccess, parseChatCommand, resolveRoute } from "./index.js";

/** The example /data/openclaw.json of the seed guide, as the config package would type it. */
const seed = {
  agents: {
    defaults: {
      model: {
        primary: "anthropic/claude-opus-4-5",
        fallbacks: ["anthropic/claude-sonnet-4-5", "openai/gpt-4o"],
      },
      maxConcurrent: 4,
    },
    list: [{ id: "main", default: true }],
  },
  auth: { profiles: { "anthropic:default": { mode: "token", provider: "anthropic" } } },
  bindings: [{ agentId: "main", match: { channel: "discord" } }],
  channels: {
    discord: {
      enabled: true,
      groupPolicy: "allowlist",
      guilds: { YOUR_GUILD_ID: { channels: { general: { allow: true } }, requireMention: false } },
    },
  },
  gateway: { mode: "local", bind: "auto" },
  meta: { lastTouchedVersion: "2026.1.29" },
} as const;

test("the seed config is a CoreConfig and drives routing and access end to end", () => {
  const cfg: CoreConfig = seed;
  const message = {
    channel: "discord",
    accountId: "default",
    peer: { kind: "channel", id: "42" },
    sender: { id: "1001", username: "ann" },
    mentioned: false,
    guildId: "YOUR_GUILD_ID",
    chatTitle: "general",
  } as const;
  assert.deepEqual(
    decideAccess({ message, config: cfg.channels?.discord, defaults: cfg.channels?.defaults }),
    { action: "accept" },
  );
  const route = resolveRoute(cfg, message);
  assert.equal(route.agentId, "main");
  assert.equal(route.sessionKey, "agent:main:discord:channel:42");
  assert.equal(
    parseChatCommand("/reset", { resetTriggers: cfg.session?.resetTriggers })?.name,
    "reset",
  );
});
