import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import {
  ChannelsStatus,
  TelegramWebhook,
  type Bus,
  type ForwardedHttpRequest,
} from "@clawfleet/bus";
import {
  startEchoAgent,
  startNatsServer,
  TelegramFake,
  tgUser,
  type EchoAgent,
  type NatsTestServer,
  type TelegramFakeBot,
} from "@clawfleet/testkit";
import {
  pause,
  startChannelsUnderTest,
  type ChannelsUnderTest,
} from "./support/channels-harness.js";

const TOKEN = "7004:webhook-test-token";
const SECRET = "webhook-secret_123";

/** Stands in for the gateway's POST /telegram-webhook: forwards raw body and headers over the bus, relays the answer. */
async function startGatewayStandIn(bus: Bus): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([k, v]) => [k, String(v)]),
      );
      const forwarded: ForwardedHttpRequest = {
        method: req.method ?? "POST",
        url: req.url ?? "/",
        publicUrl: `http://127.0.0.1${req.url}`,
        headers,
        body: Buffer.concat(chunks).toString(),
        receivedAt: Date.now(),
      };
      bus.request(TelegramWebhook, { account: "default" }, forwarded).then(
        (answer) => res.writeHead(answer.status, answer.headers).end(answer.body),
        () => res.writeHead(503).end("channels unavailable"),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/telegram-webhook`,
  };
}

function forwarded(
  body: string,
  headers: Record<string, string> = { "x-telegram-bot-api-secret-token": SECRET },
): ForwardedHttpRequest {
  return {
    method: "POST",
    url: "/telegram-webhook",
    publicUrl: "https://example.test/telegram-webhook",
    headers: { "content-type": "application/json", ...headers },
    body,
    receivedAt: Date.now(),
  };
}

describe("telegram webhook mode (gateway forwards over the bus)", { timeout: 120_000 }, () => {
  let nats: NatsTestServer;
  let fake: TelegramFake;
  let bot: TelegramFakeBot;
  let channels: ChannelsUnderTest;
  let agent: EchoAgent;
  let gateway: { server: Server; url: string };
  const erin = tgUser(801, "Erin");

  before(async () => {
    nats = await startNatsServer();
    fake = new TelegramFake();
    await fake.start();
    bot = fake.addBot({ token: TOKEN, username: "claw_hook_bot" });
    channels = await startChannelsUnderTest(nats.url, {
      channels: {
        telegram: {
          botToken: TOKEN,
          apiRoot: fake.apiRoot,
          dmPolicy: "open",
          webhookUrl: "http://127.0.0.1:1/placeholder",
          webhookSecret: SECRET,
        },
      },
    });
    gateway = await startGatewayStandIn(channels.bus);
    channels.setConfig({
      channels: {
        telegram: {
          botToken: TOKEN,
          apiRoot: fake.apiRoot,
          dmPolicy: "open",
          webhookUrl: gateway.url,
          webhookSecret: SECRET,
        },
      },
    });
    agent = startEchoAgent(channels.bus);
    await fake.calls.waitFor(
      (c) => c.method === "setWebhook" && c.params["url"] === gateway.url && c.status === 200,
      { timeoutMs: 15_000 },
    );
  });

  after(async () => {
    await agent?.stop();
    await channels?.stop();
    gateway?.server.close();
    await fake?.stop();
    await nats?.dispose();
  });

  it("sets the webhook with its secret and answers updates Telegram posts", async () => {
    assert.equal(bot.webhook?.secretToken, SECRET);
    bot.injectPrivateMessage(erin, "via webhook");
    const reply = await bot.waitForSentMessage({ chatId: erin.id, timeoutMs: 15_000 });
    assert.equal(reply.text, "echo: via webhook");
    assert.equal(
      fake.calls.filter((c) => c.method === "getUpdates").length,
      0,
      "no polling in webhook mode",
    );
    const status = (await channels.bus.request(ChannelsStatus, {}, {})).accounts[0]!;
    assert.equal(status.mode, "webhook");
    assert.equal(status.connected, true);
  });

  it("deduplicates Telegram's retries of an update by update_id", async () => {
    const update = {
      update_id: 990001,
      message: {
        message_id: 77,
        date: Math.floor(Date.now() / 1000),
        chat: { id: erin.id, type: "private", first_name: "Erin" },
        from: erin,
        text: "retried update",
      },
    };
    bot.addChat({ id: erin.id, type: "private", first_name: "Erin" });
    const first = await channels.bus.request(
      TelegramWebhook,
      { account: "default" },
      forwarded(JSON.stringify(update)),
    );
    const retry = await channels.bus.request(
      TelegramWebhook,
      { account: "default" },
      forwarded(JSON.stringify(update)),
    );
    assert.deepEqual([first.status, retry.status], [200, 200]);
    await bot.waitForSentMessage({ chatId: erin.id, n: 2, timeoutMs: 15_000 });
    await pause(1500);
    assert.equal(
      bot.sentMessages(erin.id).filter((m) => m.text === "echo: retried update").length,
      1,
    );
    assert.equal(agent.answered.filter((input) => input.text === "retried update").length, 1);
  });

  it("answers bad requests with a clear 4xx and keeps working", async () => {
    const wrongSecret = await channels.bus.request(
      TelegramWebhook,
      { account: "default" },
      forwarded("{}", { "x-telegram-bot-api-secret-token": "nope" }),
    );
    assert.deepEqual([wrongSecret.status, wrongSecret.body], [401, "secret token is wrong"]);
    const notJson = await channels.bus.request(
      TelegramWebhook,
      { account: "default" },
      forwarded("{not json"),
    );
    assert.equal(notJson.status, 400);
    assert.match(notJson.body, /body is not JSON/);
    const notUpdate = await channels.bus.request(
      TelegramWebhook,
      { account: "default" },
      forwarded('{"hello":"world"}'),
    );
    assert.equal(notUpdate.status, 400);
    assert.match(notUpdate.body, /update_id/);
    const garbled = await channels.bus.request(
      TelegramWebhook,
      { account: "default" },
      forwarded('{"update_id":990002,"message":{"chat":42}}'),
    );
    assert.equal(
      garbled.status,
      200,
      "a well-formed update with an unusable message is acknowledged (retrying cannot fix it)",
    );
    bot.injectPrivateMessage(erin, "still fine");
    await bot.waitForSentMessage({ chatId: erin.id, n: 3, timeoutMs: 15_000 });
    assert.equal(bot.sentMessages(erin.id).at(-1)?.text, "echo: still fine");
  });
});
