import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ChannelLogin, ChannelLogout, connectBus, type Bus } from "@clawfleet/bus";
import { silentLogger } from "@clawfleet/log";
import { startNatsServer, type NatsTestServer } from "@clawfleet/testkit";
import { startTestGateway, type TestGateway } from "../../test-support/gateway-fixture.js";
import { connectClient, type ProtocolClient } from "../../test-support/protocol-client.js";

const TOKEN = "login-test-token-0a1b2c3d4e";
let nats: NatsTestServer;
let bus: Bus;
let gateway: TestGateway;
let client: ProtocolClient;

before(async () => {
  nats = await startNatsServer();
  gateway = await startTestGateway({ natsUrl: nats.url, token: TOKEN });
  bus = await connectBus({ servers: nats.url, name: "test", logger: silentLogger });
  client = await connectClient(gateway.wsUrl, { token: TOKEN });
});
after(async () => {
  client?.close();
  await bus?.close();
  await gateway?.stop();
  await nats?.dispose();
});

describe("web.login.start / web.login.wait / channels.logout", () => {
  it("say which account nobody holds when no channels instance serves it", async () => {
    const res = await client.request("web.login.start", {});
    assert.equal(res.ok, false);
    assert.equal(res.error?.code, "UNAVAILABLE");
    assert.match(res.error?.message ?? "", /no channels instance holds whatsapp\/default/);
  });

  it("reach the holder of the account with the step, and relay its answer", async () => {
    const seen: unknown[] = [];
    const subs = [
      bus.serve(ChannelLogin, { channel: "whatsapp", account: "work" }, (request) => {
        seen.push(request);
        return request.step === "start"
          ? { connected: false, qr: "QR", qrDataUrl: "data:image/png;base64,AA", message: "scan" }
          : { connected: true, message: "linked as +1555" };
      }),
      bus.serve(ChannelLogout, { channel: "whatsapp", account: "work" }, () => ({
        loggedOut: true,
        message: "logged out",
      })),
    ];
    await bus.flush();
    try {
      const start = await client.request("web.login.start", { accountId: "work", force: true });
      assert.equal(start.ok, true, JSON.stringify(start.error));
      assert.equal(start.payload.qrDataUrl, "data:image/png;base64,AA");
      const wait = await client.request("web.login.wait", { accountId: "work", timeoutMs: 5000 });
      assert.deepEqual(wait.payload, { connected: true, message: "linked as +1555" });
      assert.deepEqual(seen, [
        { step: "start", force: true },
        { step: "wait", timeoutMs: 5000 },
      ]);
      const out = await client.request("channels.logout", {
        channel: "whatsapp",
        accountId: "work",
      });
      assert.deepEqual(out.payload, {
        channel: "whatsapp",
        accountId: "work",
        loggedOut: true,
        message: "logged out",
      });
    } finally {
      for (const sub of subs) sub.unsubscribe();
    }
  });

  it("with channel signal, reach the Signal account's holder (signal-cli device link)", async () => {
    const sub = bus.serve(ChannelLogin, { channel: "signal", account: "default" }, (request) =>
      request.step === "start"
        ? { connected: false, qr: "sgnl://linkdevice?uuid=x&pub_key=y", message: "scan" }
        : { connected: true, message: "linked +15550009999; connecting" },
    );
    await bus.flush();
    try {
      const start = await client.request("web.login.start", { channel: "signal" });
      assert.equal(start.ok, true, JSON.stringify(start.error));
      assert.equal(start.payload.qr, "sgnl://linkdevice?uuid=x&pub_key=y");
      const wait = await client.request("web.login.wait", { channel: "signal", timeoutMs: 2000 });
      assert.equal(wait.payload.connected, true);
      const slack = await client.request("web.login.start", { channel: "slack" });
      assert.equal(slack.error?.code, "INVALID_REQUEST", "only QR channels");
    } finally {
      sub.unsubscribe();
    }
  });

  it("refuse bad account ids and need operator.admin", async () => {
    const bad = await client.request("web.login.start", { accountId: "a.b>" });
    assert.equal(bad.error?.code, "INVALID_REQUEST");
    const reader = await connectClient(gateway.wsUrl, {
      token: TOKEN,
      scopes: ["operator.read"],
    });
    try {
      const denied = await reader.request("channels.logout", { channel: "whatsapp" });
      assert.equal(denied.ok, false);
      assert.match(denied.error?.message ?? "", /operator\.admin/);
    } finally {
      reader.close();
    }
  });
});
