import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { OpenClawConfigSchema } from "@clawfleet/config";
import { resolveSendAccount } from "./channel-accounts.js";
import { outboundTarget } from "./outbound-target.js";
import { publicUrl } from "./public-url.js";
import { resolveSessionTarget } from "./session-target.js";

const config = OpenClawConfigSchema.parse({
  agents: { list: [{ id: "ops", default: true }, { id: "main" }] },
  channels: { telegram: { botToken: "1:x", accounts: { a: {}, b: {} } }, discord: { token: "d" } },
});

describe("session targets", () => {
  it("keeps full keys, expands main keys to the default agent, and rejects malformed keys", () => {
    assert.deepEqual(resolveSessionTarget(config, "agent:main:discord:channel:42"), {
      sessionKey: "agent:main:discord:channel:42",
      agentId: "main",
    });
    assert.deepEqual(resolveSessionTarget(config, "main"), {
      sessionKey: "agent:ops:main",
      agentId: "ops",
    });
    assert.deepEqual(resolveSessionTarget(config, undefined, "main"), {
      sessionKey: "agent:main:main",
      agentId: "main",
    });
    assert.match(resolveSessionTarget(config, "agent:main") as string, /malformed/);
    assert.match(resolveSessionTarget(config, "has space") as string, /not a session key/);
  });
});

describe("outbound targets", () => {
  it("reads OpenClaw destinations per channel", () => {
    assert.deepEqual(
      outboundTarget({ channel: "discord", accountId: "default", to: "channel:123" }),
      { channel: "discord", accountId: "default", peer: { kind: "channel", id: "123" } },
    );
    assert.deepEqual(outboundTarget({ channel: "discord", accountId: "default", to: "user:9" }), {
      channel: "discord",
      accountId: "default",
      peer: { kind: "dm", id: "9" },
    });
    assert.equal(
      (
        outboundTarget({ channel: "telegram", accountId: "a", to: "-1001" }) as {
          peer: { kind: string };
        }
      ).peer.kind,
      "group",
    );
    assert.equal(
      (
        outboundTarget({ channel: "telegram", accountId: "a", to: "77", threadId: "5" }) as {
          threadId: string;
        }
      ).threadId,
      "5",
    );
    assert.match(
      outboundTarget({ channel: "telegram", accountId: "a", to: "@bob" }) as string,
      /numeric chat ids/,
    );
    assert.match(
      outboundTarget({ channel: "discord", accountId: "a", to: "room:1" }) as string,
      /unknown destination prefix/,
    );
  });

  it("picks the account to send from, naming what is configured when it cannot", () => {
    assert.deepEqual(resolveSendAccount(config, "telegram", "b"), {
      channel: "telegram",
      accountId: "b",
    });
    assert.deepEqual(resolveSendAccount(config, "discord", undefined), {
      channel: "discord",
      accountId: "default",
    });
    assert.match(resolveSendAccount(config, "telegram", "zz") as string, /configured: a, b/);
    assert.match(
      resolveSendAccount(config, undefined, undefined) as string,
      /channel is required \(configured: discord, telegram\)/,
    );
    assert.match(
      resolveSendAccount(OpenClawConfigSchema.parse({}), undefined, undefined) as string,
      /no channel is configured/,
    );
  });
});

describe("public URLs", () => {
  it("rebuilds the URL the caller used behind Fly's TLS-terminating proxy", () => {
    assert.equal(
      publicUrl(
        { "x-forwarded-proto": "https", host: "app.fly.dev" },
        "/voice/x?a=1",
        "0.0.0.0:3000",
      ),
      "https://app.fly.dev/voice/x?a=1",
    );
    assert.equal(
      publicUrl(
        {
          "x-forwarded-proto": "https, http",
          "x-forwarded-host": "edge.example",
          host: "internal",
        },
        "/t",
        "h",
      ),
      "https://edge.example/t",
    );
    assert.equal(publicUrl({}, "/t", "10.0.0.1:3000"), "http://10.0.0.1:3000/t");
  });
});
