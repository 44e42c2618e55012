import assert from "node:assert/strict";
import { existsSync, mkdtempSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { AnthropicFake, freePort, launchCli, type LaunchedCli } from "@clawfleet/testkit";
import { connectClient } from "../../services/gateway/src/test-support/protocol-client.js";

// `node dist/index.js all` on a machine where nats-server is installed and nothing runs: it starts
// its own nats-server (NATS_URL names a local port nobody answers on), hosts every service in one
// process, and answers a Control UI chat through the agents and the Anthropic fake.
const TOKEN = "all-in-one-token-0123456789";
const llm = new AnthropicFake();
let natsPort: number;
let stateDir: string;
let all: LaunchedCli;
let gatewayPort: number;

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

before(async () => {
  natsPort = await freePort();
  stateDir = mkdtempSync(join(tmpdir(), "clawfleet-all-"));
  all = launchCli(["all", "--port", "0"], {
    NATS_URL: `nats://127.0.0.1:${natsPort}`,
    OPENCLAW_STATE_DIR: stateDir,
    OPENCLAW_GATEWAY_TOKEN: TOKEN,
    ANTHROPIC_API_KEY: "sk-ant-test-key",
    ANTHROPIC_BASE_URL: await llm.start(),
  });
  await all.waitReady(30_000);
  gatewayPort = Number(
    /listening on ws:\/\/[^:]+:(\d+)/.exec(
      await all.waitForLine(/listening on ws:\/\//, 30_000),
    )![1],
  );
});
after(async () => {
  await all?.stop();
  await llm.stop();
});

test(
  "`all` with nothing running starts nats-server itself and answers a Control UI chat through the agents",
  { timeout: 90_000 },
  async () => {
    assert.ok(await answers(natsPort), "a nats-server listens on the NATS_URL port");
    assert.ok(existsSync(join(stateDir, "nats")), "its JetStream store is under the state dir");
    assert.ok(
      existsSync(join(stateDir, "openclaw.json")),
      "--allow-unconfigured wrote a starting config",
    );

    const client = await connectClient(`ws://127.0.0.1:${gatewayPort}`, { token: TOKEN });
    try {
      assert.equal(client.hello.ok, true, JSON.stringify(client.hello));
      const ack = await client.request("chat.send", {
        sessionKey: "agent:main:main",
        message: "hello from the Control UI",
        idempotencyKey: "all-in-one-1",
      });
      assert.equal(ack.ok, true, JSON.stringify(ack));
      const final = await client.waitFor(
        (f) =>
          f.event === "chat" && f.payload.runId === "all-in-one-1" && f.payload.state === "final",
        30_000,
      );
      assert.match(JSON.stringify(final.payload.message), /echo: [\s\S]*hello from the Control UI/);
      assert.ok(
        llm.requests.all().length >= 1,
        "the reply came from the LLM fake, through the agents service",
      );
    } finally {
      client.close();
    }
  },
);

test("stopping `all` stops the nats-server it started", { timeout: 30_000 }, async () => {
  const { code } = await all.stop();
  assert.equal(code, 0);
  assert.equal(await answers(natsPort), false, "nothing is left listening on the NATS port");
});
